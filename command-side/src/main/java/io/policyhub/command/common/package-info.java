/**
 * Support shared by the command features: refusing a command with a rejection whose problem code survives
 * the trip across processes, and answering an endpoint from what its stored command knows when the read
 * model cannot show the outcome yet.
 */
package io.policyhub.command.common;
