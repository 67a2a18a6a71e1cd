/**
 * The Spring Boot entry point that assembles the command, projections, query and messenger roles into one
 * deployable application, each switchable by configuration. It also holds the migrate-only one-shot that
 * applies the PostgreSQL and ClickHouse schemas and exits.
 */
package io.policyhub.app;
