package io.policyhub.messenger.chats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.api.chats.ChatMessage;
import io.policyhub.api.chats.MessageSent;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.projections.chats.ChatHistoryReader;
import io.policyhub.projections.chats.ChatHistoryReader.StoredMessage;
import io.policyhub.projections.chats.RecentMessages;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads chat history, newest first. The newest page comes from the Redis hot cache when the cache
 * holds it completely, otherwise from ClickHouse, which then puts the page back into the cache; both
 * give the same result. The event store says how many messages the chat has, so a page never
 * misses a message the caller was told was stored (read-your-writes): a copy that is behind is
 * skipped or waited for (bounded).
 */
@Component
public class ChatHistory {

    private static final Logger log = LoggerFactory.getLogger(ChatHistory.class);

    /** Messages newest first, and the sequence of the oldest one (where the next page starts). */
    public record Page(List<ChatMessage> messages, long oldestSequence) {

        public boolean hasOlder(int limit) {
            return messages.size() == limit && oldestSequence > 1;
        }
    }

    /** The events read at first when looking for the newest message: read marks sit between messages. */
    private static final int TAIL_EVENTS = 8;

    private final RecentMessages recentMessages;
    private final ChatHistoryReader history;
    private final EventStore eventStore;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;
    private final Duration maxWait;
    private final Counter servedByCache;
    private final Counter servedByClickHouse;

    ChatHistory(RecentMessages recentMessages, ChatHistoryReader history, EventStore eventStore, ReadYourWrites readYourWrites,
                JsonMapper json, MeterRegistry meters, @Value("${policyhub.read-your-writes.timeout:5s}") Duration maxWait) {
        this.recentMessages = recentMessages;
        this.history = history;
        this.eventStore = eventStore;
        this.readYourWrites = readYourWrites;
        this.json = json;
        this.maxWait = maxWait;
        this.servedByCache = meters.counter("policyhub.chats.history.pages", "source", "redis");
        this.servedByClickHouse = meters.counter("policyhub.chats.history.pages", "source", "clickhouse");
    }

    /**
     * The newest messages: from the cache when it can answer, else from ClickHouse, and then back into
     * the cache when it could have held them and Redis answered (while Redis is down each attempt
     * would wait for the client's timeout).
     */
    public Page newest(UUID chatId, int limit) {
        long newestSequence = newestMessageSequence(chatId);
        Optional<Page> cached;
        try {
            cached = recentMessages.latest(chatId, newestSequence, limit).map(messages -> new Page(
                    messages.stream().map(message -> json.readValue(message, ChatMessage.class)).toList(),
                    newestSequence - messages.size() + 1));
        } catch (RuntimeException redisDown) {
            log.debug("History of {} not served from the cache: {}", chatId, redisDown.toString());
            return page(fromClickHouse(chatId, newestSequence, limit), newestSequence + 1);
        }
        if (cached.isPresent()) {
            servedByCache.increment();
            return cached.get();
        }
        List<StoredMessage> rows = fromClickHouse(chatId, newestSequence, limit);
        if (recentMessages.fits(limit)) {
            refill(chatId, rows);
        }
        return page(rows, newestSequence + 1);
    }

    /**
     * The number of the chat's newest message, 0 for none. Read marks share the chat's stream and
     * take no message number, so this is the number of the stream's last {@code MessageSent}, looked
     * for from the end backwards in growing windows: one read of a few events in the common case.
     */
    long newestMessageSequence(UUID chatId) {
        String id = chatId.toString();
        long end = eventStore.lastSequenceNumberFor(id).orElse(0L);
        for (long window = TAIL_EVENTS; end > 0; window *= 2) {
            long from = Math.max(1, end - window + 1);
            long to = end;
            OptionalLong newest = eventStore.readEvents(id, from).asStream()
                    .takeWhile(event -> event.getSequenceNumber() <= to)
                    .filter(event -> MessageSent.class.equals(event.getPayloadType()))
                    .mapToLong(event -> ((MessageSent) event.getPayload()).sequence())
                    .max();
            if (newest.isPresent()) {
                return newest.getAsLong();
            }
            end = from - 1;
        }
        return 0;
    }

    /** The messages older than {@code sequence}. */
    public Page before(UUID chatId, long sequence, int limit) {
        servedByClickHouse.increment();
        return page(history.before(chatId, sequence, limit), sequence);
    }

    /** Where a message is in its chat; empty for a message the history does not have. */
    public OptionalLong sequenceOf(UUID chatId, UUID messageId) {
        return history.sequenceOf(chatId, messageId);
    }

    /** The newest page read from ClickHouse, once it holds the chat's newest message (bounded wait). */
    private List<StoredMessage> fromClickHouse(UUID chatId, long newestSequence, int limit) {
        servedByClickHouse.increment();
        return readYourWrites.readUntil(() -> Optional.of(history.before(chatId, newestSequence + 1, limit)),
                found -> newestSequence == 0 || (!found.isEmpty() && found.get(0).sequence() >= newestSequence),
                maxWait, chatId).orElseThrow();
    }

    /**
     * A chat whose cached copy lost messages (Redis was down, a write timed out) is served from the
     * cache again on its next read, not only once {@code limit} new messages have continued the copy.
     * Every read checks the copy for holes, so a page added beside newer messages can only make it
     * answer more often, never wrongly.
     */
    private void refill(UUID chatId, List<StoredMessage> newestFirst) {
        List<RecentMessages.Entry> ascending = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            StoredMessage row = newestFirst.get(i);
            ascending.add(new RecentMessages.Entry(row.sequence(), json.writeValueAsString(row.message())));
        }
        try {
            recentMessages.append(chatId, ascending);
        } catch (RuntimeException redisDown) {
            log.debug("History of {} not put back into the cache: {}", chatId, redisDown.toString());
        }
    }

    private static Page page(List<StoredMessage> rows, long fallbackOldest) {
        return new Page(rows.stream().map(StoredMessage::message).toList(),
                rows.isEmpty() ? fallbackOldest : rows.get(rows.size() - 1).sequence());
    }
}
