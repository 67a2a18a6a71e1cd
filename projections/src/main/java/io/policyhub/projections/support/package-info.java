/**
 * Write-path support for projections: a processor's writes sent as JDBC batches per batch of events, and
 * event-by-event handling after a failure so that the dead-letter queue parks exactly the failing event.
 */
package io.policyhub.projections.support;
