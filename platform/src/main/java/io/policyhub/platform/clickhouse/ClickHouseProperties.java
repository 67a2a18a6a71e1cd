package io.policyhub.platform.clickhouse;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the ClickHouse cluster is. {@code url} is the node that holds the Distributed tables
 * (reads and inserts go there); {@code shards} are the nodes that hold the data, where the local
 * tables are created. Version-specific driver options belong in the URLs (see application-local.yml).
 */
@ConfigurationProperties("policyhub.clickhouse")
public record ClickHouseProperties(String url, List<String> shards, String username, String password, String cluster,
                                   Duration connectTimeout, int poolSize) {

    public ClickHouseProperties {
        shards = shards == null ? List.of() : List.copyOf(shards);
        username = username == null ? "default" : username;
        password = password == null ? "" : password;
        cluster = cluster == null ? "policyhub" : cluster;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        poolSize = poolSize <= 0 ? 4 : poolSize;
    }
}
