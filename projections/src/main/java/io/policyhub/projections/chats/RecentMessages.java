package io.policyhub.projections.chats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.policyhub.platform.redis.SharedRedisConnection;
import org.springframework.beans.factory.annotation.Value;

/**
 * The hot cache of chat history in Redis: per chat a sorted set of the latest messages (JSON),
 * scored by their sequence number in the chat. Memory stays bounded: each set keeps at most
 * {@code policyhub.chats.cache-size} messages and expires after {@code policyhub.chats.cache-ttl}
 * without writes, so idle chats leave the cache.
 *
 * <p>The cache may miss messages (Redis was down, a key expired), but it never serves a page with a
 * hole: writes that do not continue the set start it afresh, and a read is served only when the
 * set holds the newest sequences without a gap.
 */
public class RecentMessages {

    private static final String KEY_PREFIX = "chat-recent:";

    /** KEYS[1]: the set; ARGV: size, ttl seconds, then (sequence, message) pairs in ascending order. */
    private static final String APPEND = """
            local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            if newest[2] ~= nil and tonumber(newest[2]) < tonumber(ARGV[3]) - 1 then
              redis.call('DEL', KEYS[1])
            end
            for i = 3, #ARGV, 2 do
              redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
            end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[1]) + 1))
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private final SharedRedisConnection redis;
    private final int size;
    private final Duration ttl;

    public RecentMessages(SharedRedisConnection redis,
                          @Value("${policyhub.chats.cache-size:100}") int size,
                          @Value("${policyhub.chats.cache-ttl:7d}") Duration ttl) {
        this.redis = redis;
        this.size = size;
        this.ttl = ttl;
    }

    public record Entry(long sequence, String message) {
    }

    /** Adds a chat's messages, given in ascending sequence order; adding one again changes nothing. */
    public void append(UUID chatId, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(2 + 2 * entries.size());
        args.add(Integer.toString(size));
        args.add(Long.toString(Math.max(1, ttl.toSeconds())));
        for (Entry entry : entries) {
            args.add(Long.toString(entry.sequence()));
            args.add(entry.message());
        }
        commands().eval(APPEND, ScriptOutputType.INTEGER, new String[] {key(chatId)}, args.toArray(String[]::new));
    }

    /**
     * The newest {@code limit} messages, newest first, if the cache holds all of them.
     *
     * @param lastSequence the sequence of the chat's newest message (0 for none)
     * @return empty when the cache cannot answer for sure
     */
    public Optional<List<String>> latest(UUID chatId, long lastSequence, int limit) {
        long expected = Math.min(limit, lastSequence);
        if (expected == 0) {
            return Optional.of(List.of());
        }
        if (!fits(limit)) {
            return Optional.empty();
        }
        List<ScoredValue<String>> newest = commands().zrevrangeWithScores(key(chatId), 0, limit - 1);
        boolean complete = newest.size() == expected
                && (long) newest.get(0).getScore() == lastSequence
                && (long) newest.get(newest.size() - 1).getScore() == lastSequence - expected + 1;
        return complete ? Optional.of(newest.stream().map(ScoredValue::getValue).toList()) : Optional.empty();
    }

    /** Whether the cache keeps enough messages per chat to answer a page of {@code limit}. */
    public boolean fits(int limit) {
        return limit <= size;
    }

    /** Empties the cache of every chat (before a replay rebuilds it). */
    public void clear() {
        RedisCommands<String, String> commands = commands();
        ScanArgs matching = ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(1000);
        KeyScanCursor<String> cursor = commands.scan(matching);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                commands.unlink(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = commands.scan(ScanCursor.of(cursor.getCursor()), matching);
        }
    }

    private RedisCommands<String, String> commands() {
        return redis.get().sync();
    }

    private static String key(UUID chatId) {
        return KEY_PREFIX + chatId;
    }
}
