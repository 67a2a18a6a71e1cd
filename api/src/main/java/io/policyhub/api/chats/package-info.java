/**
 * Message contract of direct chats between two users: the commands, events and client views for starting a
 * chat and sending messages, with derived chat and message ids that make both idempotent.
 */
package io.policyhub.api.chats;
