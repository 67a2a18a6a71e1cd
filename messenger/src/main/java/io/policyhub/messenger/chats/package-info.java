/**
 * The chat REST API, v1 and v2 side by side: starting chats, sending messages, listing the caller's chats
 * and paging history. Members are checked against the {@code chat_members} read model; history comes from
 * the Redis hot cache or ClickHouse, read-your-writes.
 */
package io.policyhub.messenger.chats;
