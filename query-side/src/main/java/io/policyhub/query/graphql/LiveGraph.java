package io.policyhub.query.graphql;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.policyhub.api.chats.ChatMessage;
import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import io.policyhub.projections.chats.ChatMembersReader;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions over {@code graphql-transport-ws} at {@code /graphql}: the same Redis topics the
 * {@code /ws} gateway serves, so an update published by the projections on any instance reaches
 * subscribers on every instance. Ownership is checked when subscribing, as for {@code /ws}; a
 * subscription ends with a 401 error when the token it was opened with expires.
 */
@Controller
class LiveGraph {

    private static final Logger log = LoggerFactory.getLogger(LiveGraph.class);

    private final QueryGateway queryGateway;
    private final ChatMembersReader chats;
    private final RedisPubSub topics;
    private final JsonMapper json;

    LiveGraph(QueryGateway queryGateway, ChatMembersReader chats, RedisPubSub topics, JsonMapper json) {
        this.queryGateway = queryGateway;
        this.chats = chats;
        this.topics = topics;
        this.json = json;
    }

    /** The application as it stands, then each change, until every insurer has answered. */
    @SubscriptionMapping
    Flux<ApplicationView> applicationProgress(@Argument UUID applicationId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        AtomicReference<Instant> newest = new AtomicReference<>(Instant.EPOCH);
        Flux<ApplicationView> changes = topic("application:" + applicationId, payload -> json.readValue(payload, ApplicationView.class),
                () -> queryGateway.query(new FindApplication(applicationId, caller.userId(), null),
                        ResponseTypes.optionalInstanceOf(ApplicationView.class)).join()
                        .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such application")));
        return untilExpiry(changes
                // a snapshot read while the first pushes arrive may be older than they are
                .filter(view -> newest.getAndAccumulate(view.updatedAt(), (a, b) -> b.isAfter(a) ? b : a).isBefore(view.updatedAt()))
                .takeUntil(view -> "COMPLETED".equals(view.status())), authentication);
    }

    /** Every new message of one of the caller's chats. */
    @SubscriptionMapping
    Flux<ChatMessage> chatMessages(@Argument UUID chatId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!chats.members(chatId).contains(caller.userId())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "not-a-member", "Only the chat's members follow its messages");
        }
        return untilExpiry(topic("chat:" + chatId, payload -> json.readValue(payload, ChatMessage.class), null)
                .filter(message -> message.messageId() != null), authentication);
    }

    /**
     * A topic's payloads, parsed; with {@code first}, its value comes first, read once the topic is
     * subscribed so nothing published in between is lost. Payloads of other shapes are skipped.
     */
    private <T> Flux<T> topic(String topic, Function<String, T> parse, Supplier<T> first) {
        return Flux.create((FluxSink<T> sink) -> {
            AutoCloseable subscription = topics.subscribe(topic, push -> {
                try {
                    sink.next(parse.apply(push.payload()));
                } catch (RuntimeException otherShape) {
                    log.debug("{}: a push that is not for this subscription: {}", topic, otherShape.toString());
                }
            });
            sink.onDispose(() -> {
                try {
                    subscription.close();
                } catch (Exception e) {
                    log.debug("{}: unsubscribing failed: {}", topic, e.toString());
                }
            });
            if (first != null) {
                try {
                    sink.next(first.get());
                } catch (RuntimeException refused) {
                    sink.error(refused);
                }
            }
        });
    }

    private static <T> Flux<T> untilExpiry(Flux<T> updates, Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token) || token.getToken().getExpiresAt() == null) {
            return updates;
        }
        Duration left = Duration.between(Instant.now(), token.getToken().getExpiresAt());
        AtomicBoolean expired = new AtomicBoolean();
        return updates.takeUntilOther(Mono.delay(left.isNegative() ? Duration.ZERO : left).doOnNext(tick -> expired.set(true)))
                .concatWith(Flux.defer(() -> expired.get() ? Flux.error(new ProblemException(HttpStatus.UNAUTHORIZED,
                        "unauthorized", "The access token expired; subscribe again with a new one")) : Flux.empty()));
    }
}
