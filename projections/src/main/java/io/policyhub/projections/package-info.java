/**
 * The projections role: event processors that build the read models in PostgreSQL, ClickHouse and Redis,
 * switched on or off with {@code policyhub.roles.projections}. It also declares the read-model readers
 * that the query and messenger roles import.
 */
package io.policyhub.projections;
