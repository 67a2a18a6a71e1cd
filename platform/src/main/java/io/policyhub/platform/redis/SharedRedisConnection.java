package io.policyhub.platform.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * The process's one command connection to Redis (Lettuce connections are thread-safe and
 * pipeline concurrent commands). Opened on first use, so the application starts while Redis is
 * down; Lettuce reconnects by itself afterwards.
 */
@Component
public class SharedRedisConnection {

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public SharedRedisConnection(RedisClient client) {
        this.client = client;
    }

    public StatefulRedisConnection<String, String> get() {
        if (connection == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect();
                }
            }
        }
        return connection;
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
