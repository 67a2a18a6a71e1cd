/**
 * The process's Redis client and shared command connection, and the pub/sub topics (such as
 * {@code application:<id>} and {@code chat:<id>}) that carry change notifications to every instance.
 */
package io.policyhub.platform.redis;
