package io.policyhub.query.activity;

import io.policyhub.api.activity.PublicActivity;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The public live page's data, without sign-in: a snapshot, and the same pushed as Server-Sent Events. */
@RestController
class PublicActivityController {

    private final PublicActivityFeed feed;
    private final PublicActivityStream stream;

    PublicActivityController(PublicActivityFeed feed, PublicActivityStream stream) {
        this.feed = feed;
        this.stream = stream;
    }

    @GetMapping("/api/v1/public/activity")
    PublicActivity now() {
        return feed.now();
    }

    /** Proxies must pass the events on as they come: nginx reads {@code X-Accel-Buffering} for that. */
    @GetMapping(path = "/api/v1/public/activity/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream() {
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").cacheControl(CacheControl.noStore()).body(stream.subscribe());
    }
}
