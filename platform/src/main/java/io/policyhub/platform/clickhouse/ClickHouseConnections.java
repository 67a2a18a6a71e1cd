package io.policyhub.platform.clickhouse;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * JDBC access to the ClickHouse cluster. The pools are not Spring DataSource beans (that would
 * replace PostgreSQL as the application's DataSource) and connect lazily: the application starts
 * and takes commands while ClickHouse is down; what needs ClickHouse fails and retries on its own.
 */
@Component
@EnableConfigurationProperties(ClickHouseProperties.class)
public class ClickHouseConnections implements DisposableBean {

    private final ClickHouseProperties properties;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final DataSource router;
    private final List<DataSource> shards = new ArrayList<>();
    /** With tracing and JDBC spans on, each ClickHouse statement is a span (the listener Spring's DataSource gets). */
    private final DataSourceObservationListener spans;

    public ClickHouseConnections(ClickHouseProperties properties,
                                 @Value("${management.tracing.enabled:false}") boolean tracing,
                                 @Value("${jdbc.datasource-proxy.enabled:false}") boolean jdbcSpans,
                                 ObjectProvider<ObservationRegistry> observations) {
        this.properties = properties;
        ObservationRegistry registry = observations.getIfAvailable();
        this.spans = tracing && jdbcSpans && registry != null ? new DataSourceObservationListener(registry) : null;
        this.router = pool(properties.url(), "clickhouse-router");
        for (int shard = 0; shard < properties.shards().size(); shard++) {
            shards.add(pool(properties.shards().get(shard), "clickhouse-shard-" + (shard + 1)));
        }
    }

    /** The node with the Distributed tables. */
    public JdbcTemplate router() {
        return new JdbcTemplate(router);
    }

    /** The data nodes, in the order of the cluster definition. */
    public List<JdbcTemplate> shards() {
        return shards.stream().map(JdbcTemplate::new).toList();
    }

    public String cluster() {
        return properties.cluster();
    }

    private DataSource pool(String url, String name) {
        HikariDataSource pool = new HikariDataSource();
        pools.add(pool);
        pool.setPoolName(name);
        pool.setDriverClassName("com.clickhouse.jdbc.ClickHouseDriver");
        pool.setJdbcUrl(url);
        pool.setUsername(properties.username());
        pool.setPassword(properties.password());
        pool.setMaximumPoolSize(properties.poolSize());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(properties.connectTimeout().toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTestQuery("SELECT 1");
        return spans == null ? pool
                : ProxyDataSourceBuilder.create(name, pool).listener(spans).methodListener(spans).build();
    }

    @Override
    public void destroy() {
        pools.forEach(HikariDataSource::close);
    }
}
