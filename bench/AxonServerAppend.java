import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;

/**
 * Axon Server's own append rate, the reference of the axonserver-* scenarios: CLIENTS threads in a
 * closed loop, each appending one event at a time to an aggregate of its own (sequence 0, 1, 2, ...),
 * as a command appends its event, through the Axon Server connector the app uses. The payload is
 * sized like a deposit's event, of a type no handler knows; bench.sh runs this after the app's
 * scenarios, with the app stopped. Prints one JSON line like the other load generators.
 *
 * <pre>
 *   java -cp 'EXTRACTED_APP/lib/*' bench/AxonServerAppend.java HOST:GRPC_PORT CLIENTS SECONDS WARMUP_S
 * </pre>
 * (the classpath: the app's jar extracted with {@code java -Djarmode=tools -jar policyhub.jar extract})
 */
public class AxonServerAppend {

    private static final byte[] PAYLOAD = """
            {"accountId":"%s","amount":10.00,"currency":"RUB","balanceAfter":1234.00,\
            "depositId":"%s","occurredAt":"2026-12-01T00:00:00Z"}""".formatted(UUID.randomUUID(), UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        String[] server = args[0].split(":");
        int clients = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        long warmupSeconds = Long.parseLong(args[3]);
        AxonServerConnectionFactory factory = AxonServerConnectionFactory.forClient("bench-append")
                .routingServers(new ServerAddress(server[0], Integer.parseInt(server[1])))
                .build();
        try {
            AxonServerConnection connection = factory.connect("default");
            run(connection, clients, warmupSeconds, false);
            System.out.println(run(connection, clients, seconds, true));
        } finally {
            factory.shutdown();
        }
    }

    private static String run(AxonServerConnection connection, int clients, long seconds, boolean measured) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] micros = new long[1 << 17];
            int[] count = new int[1];
            latencies.add(micros);
            counts.add(count);
            new Thread(() -> {
                String aggregateId = UUID.randomUUID().toString();
                try {
                    for (long sequence = 0; running.get(); sequence++) {
                        long t0 = System.nanoTime();
                        connection.eventChannel().appendEvents(event(aggregateId, sequence)).get(10, TimeUnit.SECONDS);
                        if (count[0] < micros.length) {
                            micros[count[0]++] = (System.nanoTime() - t0) / 1000;
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet("", e.toString());
                } finally {
                    finished.countDown();
                }
            }).start();
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000);
        running.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        finished.await(20, TimeUnit.SECONDS);
        if (!measured) {
            return "";
        }
        long[] all = new long[counts.stream().mapToInt(count -> count[0]).sum()];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts.get(c)[0]);
            at += counts.get(c)[0];
        }
        Arrays.sort(all);
        return ("{\"rps\":%.1f,\"requests\":%d,\"seconds\":%.3f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,"
                + "\"clients\":%d,\"errors\":%d,\"error_sample\":\"%s\"}").formatted(
                all.length / elapsed, all.length, elapsed, percentile(all, 50), percentile(all, 95), percentile(all, 99),
                clients, errors.get(), firstError.get().replaceAll("[\"\\\\\\p{Cntrl}]", "'"));
    }

    private static Event event(String aggregateId, long sequence) {
        return Event.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType("BenchAppend")
                .setTimestamp(System.currentTimeMillis())
                .setPayload(SerializedObject.newBuilder()
                        .setType("io.policyhub.bench.Appended")
                        .setData(ByteString.copyFrom(PAYLOAD)))
                .build();
    }

    private static double percentile(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedMicros.length - 1L, Math.max(0, (long) Math.ceil(p / 100.0 * sortedMicros.length) - 1));
        return sortedMicros[index] / 1000.0;
    }
}
