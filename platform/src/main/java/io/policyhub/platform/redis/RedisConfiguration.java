package io.policyhub.platform.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Lettuce client of the process (rate limits now; caches and pub/sub later). Commands time
 * out quickly so that a Redis outage degrades the features that use it instead of blocking requests.
 */
@Configuration
class RedisConfiguration {

    /** With tracing on, every Redis command is a span of the trace it runs in (Lettuce's Micrometer tracing). */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources(@Value("${management.tracing.enabled:false}") boolean tracing,
                                   ObjectProvider<ObservationRegistry> observations) {
        ClientResources.Builder resources = ClientResources.builder();
        if (tracing) {
            observations.ifAvailable(registry -> resources.tracing(new MicrometerTracing(registry, "redis")));
        }
        return resources.build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(ClientResources resources,
                            @Value("${policyhub.redis.uri:redis://127.0.0.1:16379}") String uri,
                            @Value("${policyhub.redis.timeout:500ms}") Duration timeout) {
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return client;
    }
}
