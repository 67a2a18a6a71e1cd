package io.policyhub.projections.chats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.chats.MessageSent;
import io.policyhub.platform.observability.RequestIdMessages;
import io.policyhub.platform.redis.RedisPubSub;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live side of chats, all in Redis: appends each batch's messages to the hot cache (one
 * script call per chat) and, once the batch committed, publishes every message on
 * {@code chat:<id>}, which every instance forwards to its WebSocket subscribers.
 *
 * <p>A separate processing group from the ClickHouse history, so that one store being down does
 * not hold up the other. Redis failures are logged and skipped rather than retried: the cache
 * notices the hole and starts afresh (reads go to ClickHouse meanwhile), and a push that nobody
 * could receive is not worth holding back the next ones. Replays and catching up on old messages
 * fill the cache without pushing.
 */
@Component
@ProcessingGroup("chat-live")
class LiveChatProjection {

    private static final Logger log = LoggerFactory.getLogger(LiveChatProjection.class);
    private static final String BATCH = "policyhub.chat-live-batch";

    private final RecentMessages recentMessages;
    private final RedisPubSub topics;
    private final JsonMapper json;
    private final Duration pushMaxAge;

    LiveChatProjection(RecentMessages recentMessages, RedisPubSub topics, JsonMapper json,
                       @Value("${policyhub.chats.push-max-age:5m}") Duration pushMaxAge) {
        this.recentMessages = recentMessages;
        this.topics = topics;
        this.json = json;
        this.pushMaxAge = pushMaxAge;
    }

    @EventHandler
    void on(MessageSent event, ReplayStatus replayStatus, EventMessage<?> handled) {
        String message = json.writeValueAsString(event.toMessage());
        Batch batch = batch();
        batch.cache.computeIfAbsent(event.chatId(), chat -> new ArrayList<>())
                .add(new RecentMessages.Entry(event.sequence(), message));
        if (!replayStatus.isReplay() && event.sentAt().isAfter(Instant.now().minus(pushMaxAge))) {
            batch.pushes.add(new Push("chat:" + event.chatId(), RequestIdMessages.of(handled), message));
        }
    }

    @ResetHandler
    void reset() {
        recentMessages.clear();
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(ready -> cache(batch.cache));
            unitOfWork.afterCommit(committed -> batch.pushes.forEach(
                    push -> topics.publish(push.topic(), push.requestId(), push.message())));
            return batch;
        });
    }

    private void cache(Map<UUID, List<RecentMessages.Entry>> messagesByChat) {
        try {
            messagesByChat.forEach(recentMessages::append);
        } catch (RuntimeException redisDown) {
            log.warn("Chat cache not updated ({} chats): {}", messagesByChat.size(), redisDown.toString());
        }
    }

    private static final class Batch {
        final Map<UUID, List<RecentMessages.Entry>> cache = new LinkedHashMap<>();
        final List<Push> pushes = new ArrayList<>();
    }

    private record Push(String topic, String requestId, String message) {
    }
}
