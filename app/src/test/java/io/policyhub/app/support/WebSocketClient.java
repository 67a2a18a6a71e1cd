package io.policyhub.app.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of the /ws gateway that queues the frames it receives. */
public final class WebSocketClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WebSocketClient(URI uri, String... subprotocols) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = builder
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(JSON.readTree(partial.toString()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .join();
    }

    public static WebSocketClient connect(int port, String token) {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token));
    }

    /** The old messenger's socket: {@code /messenger/ws}, the token as {@code ?token=}. */
    public static WebSocketClient legacy(int port, String token) {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + port + "/messenger/ws?token=" + token));
    }

    /** GraphQL subscriptions: {@code /graphql} speaking graphql-transport-ws, the token on the handshake. */
    public static WebSocketClient graphQl(int port, String token) {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + port + "/graphql?access_token=" + token), "graphql-transport-ws");
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void subscribe(String topic) {
        send("{\"type\": \"subscribe\", \"topic\": \"" + topic + "\"}");
    }

    /** The next frame, or null when none arrives in time. */
    public JsonNode next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame of the given type (others are skipped), or null when none arrives in time. */
    public JsonNode next(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = next(Duration.ofNanos(deadline - System.nanoTime()));
            if (frame != null && frame.path("type").asString("").equals(type)) {
                return frame;
            }
        }
        return null;
    }

    /**
     * The first frame of each of the given types, whichever order they arrive in (others are
     * skipped); a type with no frame in time is missing from the map.
     */
    public Map<String, JsonNode> nextOfEach(Duration timeout, String... types) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> wanted = Set.of(types);
        Map<String, JsonNode> found = new HashMap<>();
        while (found.size() < wanted.size() && System.nanoTime() < deadline) {
            JsonNode frame = next(Duration.ofNanos(deadline - System.nanoTime()));
            String type = frame == null ? "" : frame.path("type").asString("");
            if (wanted.contains(type)) {
                found.putIfAbsent(type, frame);
            }
        }
        return found;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
