/**
 * The insurer simulator, a separate HTTP service that plays the partner insurers for development and
 * tests: quotes with per-insurer latency, error rate and hangs, a deterministic mode, and a control API.
 */
package io.policyhub.simulator;
