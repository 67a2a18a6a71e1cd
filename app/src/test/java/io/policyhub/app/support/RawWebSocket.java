package io.policyhub.app.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that does only what a test tells it to: it answers no ping and reads nothing
 * unless asked, as a dead or stalled client would (the JDK's client always answers pings).
 */
public final class RawWebSocket implements AutoCloseable {

    /** A frame as received; for a close frame, {@link #closeCode()} and {@link #text()} (the reason). */
    public record Frame(int opcode, byte[] payload) {

        public static final int TEXT = 0x1;
        public static final int CLOSE = 0x8;
        public static final int PING = 0x9;

        public int closeCode() {
            return ByteBuffer.wrap(payload, 0, 2).getShort() & 0xFFFF;
        }

        public String text() {
            return opcode == CLOSE ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                    : new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens /ws and completes the handshake.
     *
     * @param receiveBuffer the socket's receive buffer in bytes (small: a stalled reader fills it soon), 0 for the default
     */
    public static RawWebSocket connect(int port, String token, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        RawWebSocket client = new RawWebSocket(socket);
        client.out.write(("GET /ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String response = client.readHeaders();
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("Handshake answered " + response.lines().findFirst().orElse(""));
        }
        return client;
    }

    /** Sends one masked text frame, as clients must. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        out.write(frame.array(), 0, frame.position());
        out.flush();
    }

    /** The next frame, or null when none arrives in time or the server closed the connection. */
    public Frame next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0F, payload);
        } catch (SocketTimeoutException | EOFException e) {
            return null;
        }
    }

    /** The next frame that is not a ping, or null. */
    public Frame nextIgnoringPings(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Frame frame;
        do {
            frame = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        } while (frame != null && frame.opcode() == Frame.PING && System.nanoTime() < deadline);
        return frame == null || frame.opcode() == Frame.PING ? null : frame;
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        InputStream raw = in;
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int next = raw.read();
            if (next < 0) {
                throw new EOFException("Connection closed during the handshake: " + headers);
            }
            headers.append((char) next);
        }
        return headers.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
