/**
 * Read-your-writes for queries about one aggregate: a read-model row is served only once it has applied
 * every event of its aggregate stored before the query began. Otherwise the read fails as stale, at once
 * when an event of that aggregate is parked in a dead-letter queue.
 */
package io.policyhub.platform.consistency;
