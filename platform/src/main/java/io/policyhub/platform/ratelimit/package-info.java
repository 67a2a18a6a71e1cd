/**
 * Token-bucket rate limits kept in Redis, so each limit holds across all instances; used for application
 * submissions, login throttling and partner budgets, and permissive while Redis is unreachable.
 */
package io.policyhub.platform.ratelimit;
