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
import org.springframework.context.annotation.Primary;

/**
 * Bounded, strongly referenced aggregate caches. Axon's default WeakReferenceCache is emptied by
 * every young GC, so hot aggregates would be re-sourced from the event store on most commands. The
 * bound is a number of entries, so chats, which are large, have a cache of their own.
 */
@Configuration
class AggregateCaching {

    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    /**
     * One cache per aggregate type: the key is the aggregate id alone, so a shared cache would hand
     * a user's aggregate to a command addressed to an order with the same id (an id of the wrong
     * type must find nothing: 404).
     */
    @Bean
    @Primary
    Cache accountAggregateCache(CacheManager aggregateCacheManager,
                                @Value("${policyhub.aggregate-cache.entries:20000}") long entries) {
        return cache(aggregateCacheManager, "accounts", entries);
    }

    @Bean
    Cache userAggregateCache(CacheManager aggregateCacheManager, @Value("${policyhub.aggregate-cache.entries:20000}") long entries) {
        return cache(aggregateCacheManager, "users", entries);
    }

    @Bean
    Cache orderAggregateCache(CacheManager aggregateCacheManager, @Value("${policyhub.aggregate-cache.entries:20000}") long entries) {
        return cache(aggregateCacheManager, "orders", entries);
    }

    @Bean
    Cache applicationAggregateCache(CacheManager aggregateCacheManager,
                                    @Value("${policyhub.aggregate-cache.entries:20000}") long entries) {
        return cache(aggregateCacheManager, "applications", entries);
    }

    /** A chat holds its newest 1,000 message ids (~80 KB), a hundred times an account: fewer of them fit the heap. */
    @Bean
    Cache chatAggregateCache(CacheManager aggregateCacheManager,
                             @Value("${policyhub.aggregate-cache.chat-entries:500}") long entries) {
        return cache(aggregateCacheManager, "chats", entries);
    }

    private static Cache cache(CacheManager manager, String name, long entries) {
        // Ehcache's manager hands out its core Ehcache type, which is what Axon's adapter takes
        return new EhCache3Adapter((Ehcache) manager.createCache(name,
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries))));
    }
}
