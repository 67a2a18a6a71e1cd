package io.policyhub.app.axon;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Spreads each tracking processor's segments over the instances that run it. Tracking processors
 * claim greedily: the first instance takes every segment and a second one would idle. Every
 * instance records a heartbeat per processor; one that holds more than its fair share (segments
 * divided by live instances, rounded up) releases the surplus for a while, and an instance with
 * free capacity claims it. When an instance dies its claims expire and the others take over its
 * segments; its heartbeat ages out and the shares grow again. Claims, not this class, guarantee
 * that a segment is processed by one instance at a time.
 */
@Component
class SegmentBalancing {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancing.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-balancing");
        thread.setDaemon(true);
        return thread;
    });

    SegmentBalancing(EventProcessingConfiguration processing, TokenStore tokenStore, JdbcTemplate jdbc,
                     @Value("${policyhub.processing.balance-interval:5s}") Duration interval) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::balanceQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void balanceQuietly() {
        try {
            processors().forEach(this::balance);
        } catch (RuntimeException e) {
            log.warn("Segment balancing skipped: {}", e.toString());
        }
    }

    private void balance(TrackingEventProcessor processor) {
        String name = processor.getName();
        jdbc.update("""
                insert into processor_nodes (processor_name, node_id, heartbeat_at) values (?, ?, now())
                on conflict (processor_name, node_id) do update set heartbeat_at = now()""", name, nodeId);
        int liveNodes = jdbc.queryForObject("""
                select count(*) from processor_nodes
                where processor_name = ? and heartbeat_at > now() - ? * interval '1 millisecond'""",
                Integer.class, name, 3 * interval.toMillis());
        int segments = tokenStore.fetchSegments(name).length;
        int fairShare = (segments + Math.max(1, liveNodes) - 1) / Math.max(1, liveNodes);
        List<Integer> claimed = List.copyOf(processor.processingStatus().keySet());
        for (int surplus = claimed.size() - fairShare; surplus > 0; surplus--) {
            int segment = claimed.get(claimed.size() - surplus);
            log.info("Releasing segment {} of {} for another instance ({} instances, {} segments)", segment, name,
                    liveNodes, segments);
            processor.releaseSegment(segment, 3 * interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private List<TrackingEventProcessor> processors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .toList();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        try {
            jdbc.update("delete from processor_nodes where node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.debug("Heartbeats of {} not removed: {}", nodeId, e.toString());
        }
    }
}
