package io.policyhub.messenger.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the /ws gateway ({@code policyhub.ws.*}).
 *
 * @param maxSocketsPerUser   open sockets one user may hold on one instance; the next is closed at once
 * @param outboundQueueFrames frames that may wait behind the one being sent; a client that lets more pile up is closed
 * @param outboundQueueBudget the characters of all frames waiting on all of the instance's sockets; past it, the
 *                            socket that would queue one more is closed as a slow consumer (its outbox alone stays
 *                            within its own bound)
 * @param inboundQueueFrames  frames and pushes that may wait for the session's turn on a worker
 * @param heartbeatInterval   how often an idle socket is pinged; a client silent for two intervals (no pong) is closed
 * @param workers             threads shared by all sessions to handle frames; a socket costs a queue, not a thread
 */
@ConfigurationProperties("policyhub.ws")
record GatewayProperties(
        @DefaultValue("20") int maxSocketsPerUser,
        @DefaultValue("256") int outboundQueueFrames,
        @DefaultValue("64MB") DataSize outboundQueueBudget,
        @DefaultValue("256") int inboundQueueFrames,
        @DefaultValue("25s") Duration heartbeatInterval,
        @DefaultValue("16") int workers) {
}
