package io.policyhub.query.activity;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.platform.web.ProblemException;
import io.policyhub.api.activity.PublicActivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes the public activity to every open stream (event {@code activity}) when it changed. One
 * read per interval serves all viewers, and none while nobody watches; viewers are capped per
 * instance, as the page needs no sign-in. A stream ends after {@code max-age} and the browser's
 * EventSource reconnects by itself; an idle one gets a comment line every 25 s.
 */
@Component
class PublicActivityStream implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PublicActivityStream.class);
    /** Under the proxies' idle timeouts (75 s at the Ingress). */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

    private final PublicActivityFeed feed;
    private final int maxViewers;
    private final Duration maxAge;
    private final Set<SseEmitter> viewers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private volatile PublicActivity last;
    private volatile long lastSentNanos = System.nanoTime();

    PublicActivityStream(PublicActivityFeed feed, MeterRegistry meters,
                         @Value("${policyhub.public-activity.interval:2s}") Duration interval,
                         @Value("${policyhub.public-activity.max-viewers:1000}") int maxViewers,
                         @Value("${policyhub.public-activity.max-age:30m}") Duration maxAge) {
        this.feed = feed;
        this.maxViewers = maxViewers;
        this.maxAge = maxAge;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("public-activity-");
        threads.setDaemon(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(threads);
        ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        Gauge.builder("policyhub.public.activity.viewers", viewers, Set::size).register(meters);
    }

    SseEmitter subscribe() {
        if (viewers.size() >= maxViewers) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "too-many-viewers",
                    "The live page has too many viewers right now; retry in a minute", 60L);
        }
        SseEmitter viewer = new SseEmitter(maxAge.toMillis());
        viewer.onCompletion(() -> viewers.remove(viewer));
        viewer.onTimeout(viewer::complete);
        viewer.onError(failure -> viewers.remove(viewer));
        viewers.add(viewer);
        send(viewer, SseEmitter.event().name("activity").data(feed.now()));
        return viewer;
    }

    private void tick() {
        if (viewers.isEmpty()) {
            last = null;
            return;
        }
        try {
            PublicActivity now = feed.now();
            if (!now.equals(last)) {
                last = now;
                lastSentNanos = System.nanoTime();
                viewers.forEach(viewer -> send(viewer, SseEmitter.event().name("activity").data(now)));
            } else if (System.nanoTime() - lastSentNanos > KEEP_ALIVE.toNanos()) {
                // a comment line, which EventSource ignores, keeps proxies from closing an idle stream
                lastSentNanos = System.nanoTime();
                viewers.forEach(viewer -> send(viewer, SseEmitter.event().comment("keep-alive")));
            }
        } catch (RuntimeException storeDown) {
            log.warn("Public activity not read: {}", storeDown.toString());
        }
    }

    private void send(SseEmitter viewer, SseEmitter.SseEventBuilder event) {
        try {
            viewer.send(event);
        } catch (IOException | IllegalStateException gone) {
            viewers.remove(viewer);
        }
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        viewers.forEach(SseEmitter::complete);
    }
}
