package io.policyhub.platform.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Lettuce client of the process (rate limits now; caches and pub/sub later). Commands time
 * out quickly so that a Redis outage degrades the features that use it instead of blocking requests.
 */
@Configuration
class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(@Value("${policyhub.redis.uri:redis://127.0.0.1:16379}") String uri,
                            @Value("${policyhub.redis.timeout:500ms}") Duration timeout) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return client;
    }
}
