/**
 * Message types shared by every feature: the aggregate type names the event store records, and the failure
 * details (rejections, missing aggregates, store conflicts, stale read models) that travel with command
 * and query exceptions across processes.
 */
package io.policyhub.api.common;
