/**
 * The OSAGO application aggregate and its command endpoints: submitting an application (Idempotency-Key
 * required, rate-limited per user), fanning it out as persistent quote tasks to every partner insurer over
 * HTTP with timeouts and retries, and accepting a quote by placing an order for the premium.
 */
package io.policyhub.command.insurance;
