package io.policyhub.platform.redis;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.policyhub.platform.observability.RequestIds;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Change notifications across instances over Redis pub/sub. A projection publishes
 * "{@code application:<id>} changed" after its transaction committed; every instance with a local
 * listener for that topic (a WebSocket session, a long poll) hears it, whichever instance
 * processed the event. One subscribe connection per instance; Lettuce resubscribes after a
 * reconnect. Listeners run on Redis' I/O thread and must hand real work to another thread.
 */
@Component
public class RedisPubSub {

    private static final Logger log = LoggerFactory.getLogger(RedisPubSub.class);

    private final RedisClient client;
    private final SharedRedisConnection publisher;
    private final Map<String, Set<Consumer<Push>>> listeners = new ConcurrentHashMap<>();
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;

    public RedisPubSub(RedisClient client, SharedRedisConnection publisher) {
        this.client = client;
        this.publisher = publisher;
    }

    /**
     * Publishes without waiting; a lost notification only delays a push (readers re-read on their own).
     *
     * @param requestId the request that caused the change, or null
     * @param payload   JSON
     */
    public void publish(String topic, String requestId, String payload) {
        try {
            publisher.get().async().publish(topic, new Push(requestId, payload).encode());
        } catch (RuntimeException redisDown) {
            log.warn("Cannot publish to {}: {}", topic, redisDown.toString());
        }
    }

    /** Registers a local listener, active when this returns; closing the returned handle removes it. */
    public AutoCloseable subscribe(String topic, Consumer<Push> listener) {
        Set<Consumer<Push>> topicListeners = listeners.computeIfAbsent(topic, key -> ConcurrentHashMap.newKeySet());
        if (topicListeners.isEmpty()) {
            redisSubscribe(topic);
        }
        topicListeners.add(listener);
        return () -> {
            topicListeners.remove(listener);
            if (topicListeners.isEmpty() && listeners.remove(topic, topicListeners)) {
                try {
                    subscriber().async().unsubscribe(topic);
                } catch (RuntimeException redisDown) {
                    log.debug("Cannot unsubscribe {}: {}", topic, redisDown.toString());
                }
            }
        };
    }

    /** Returns once Redis confirmed the subscription (bounded by the client timeout), so nothing published after it is missed. */
    private void redisSubscribe(String topic) {
        try {
            subscriber().sync().subscribe(topic);
        } catch (RuntimeException redisDown) {
            log.warn("Cannot subscribe to {}: {}", topic, redisDown.toString());
        }
    }

    private StatefulRedisPubSubConnection<String, String> subscriber() {
        if (subscriber == null) {
            synchronized (this) {
                if (subscriber == null) {
                    StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
                    connection.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            Set<Consumer<Push>> topicListeners = listeners.getOrDefault(channel, Set.of());
                            if (!topicListeners.isEmpty()) {
                                Push push = Push.decode(message);
                                topicListeners.forEach(listener -> listener.accept(push));
                            }
                        }
                    });
                    subscriber = connection;
                }
            }
        }
        return subscriber;
    }

    /**
     * A published change: its JSON and the id of the request that caused it. On the wire
     * {@code {"requestId":"<id>","payload":<json>}}, or the bare JSON when no id is known (which is
     * also how publishers before request ids wrote it, so both read alike). Ids are plain tokens
     * ({@link RequestIds}), so the envelope is written and read without parsing the payload.
     */
    public record Push(String requestId, String payload) {

        private static final String PREFIX = "{\"requestId\":\"";
        private static final String INFIX = "\",\"payload\":";

        String encode() {
            return RequestIds.isValid(requestId) ? PREFIX + requestId + INFIX + payload + "}" : payload;
        }

        static Push decode(String message) {
            if (message.startsWith(PREFIX)) {
                int end = message.indexOf(INFIX, PREFIX.length());
                if (end > 0 && message.endsWith("}")) {
                    return new Push(message.substring(PREFIX.length(), end),
                            message.substring(end + INFIX.length(), message.length() - 1));
                }
            }
            return new Push(null, message);
        }
    }

    @PreDestroy
    void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
