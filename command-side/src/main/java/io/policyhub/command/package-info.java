/**
 * The command role: aggregates, sagas, persistent tasks, insurer calls and the command REST endpoints,
 * switched on or off with {@code policyhub.roles.command}.
 */
package io.policyhub.command;
