/**
 * How the application uses Axon Framework: serialization, aggregate caches and snapshots, command
 * retries and metrics, processor defaults, dead letters, recovery and segment balancing, and the
 * wiring of the event store (local PostgreSQL or Axon Server), whose pipelined engine lives in
 * {@code eventstore}.
 */
package io.policyhub.app.axon;
