/**
 * The query role: query handlers and the query REST endpoints over the read models, switched on or off
 * with {@code policyhub.roles.query}.
 */
package io.policyhub.query;
