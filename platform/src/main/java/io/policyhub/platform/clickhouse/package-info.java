/**
 * Connection pools and settings of the ClickHouse cluster that holds chat history: the router node with
 * the Distributed tables and the shard nodes, connected lazily so the application runs while ClickHouse is
 * down.
 */
package io.policyhub.platform.clickhouse;
