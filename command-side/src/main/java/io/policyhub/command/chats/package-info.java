/**
 * The direct chat aggregate: starting the one chat of two registered users and sending messages, which
 * only members may do and which is idempotent per message id.
 */
package io.policyhub.command.chats;
