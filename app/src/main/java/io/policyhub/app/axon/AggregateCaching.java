package io.policyhub.app.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A bounded, strongly referenced aggregate cache. Axon's default WeakReferenceCache is emptied by
 * every young GC, so hot aggregates would be re-sourced from the event store on most commands.
 */
@Configuration
class AggregateCaching {

    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    Cache aggregateCache(CacheManager aggregateCacheManager,
                         @Value("${policyhub.aggregate-cache.entries:20000}") long entries) {
        // Ehcache's manager hands out its core Ehcache type, which is what Axon's adapter takes
        return new EhCache3Adapter((Ehcache) aggregateCacheManager.createCache("aggregates",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries))));
    }
}
