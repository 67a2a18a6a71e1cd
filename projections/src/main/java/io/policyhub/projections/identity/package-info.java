/**
 * The {@code users} read model (credentials and profiles): built from the user events, safe to replay, and
 * read by the roles that answer profile and login queries.
 */
package io.policyhub.projections.identity;
