/**
 * The chat read models, each in its own processing group: members in PostgreSQL ({@code chat_members}),
 * history in the sharded ClickHouse {@code chat_messages} table and its schema, and the live side in Redis
 * (the hot cache and pushes on {@code chat:<id>}).
 */
package io.policyhub.projections.chats;
