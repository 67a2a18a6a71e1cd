package io.policyhub.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Commands on one aggregate, in both modes: a command never builds on state that is not the
 * stored one (here the aggregate cache is stale because another instance stored an event), and
 * commands racing on one aggregate are all stored, in order, each answered with its own result.
 * On PostgreSQL this is the pipelined commit's guarantee (its engine-level cases are in
 * {@code PipelinedCommitsIT}); on Axon Server it is the server's sequence check.
 */
@IntegrationTest
class ConcurrentCommandsIT {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventLog events;

    @Test
    void aCommandOnAnAggregateAnotherInstanceChangedBuildsOnTheStoredState() {
        Api api = new Api(port);
        Api.User user = api.newUser();
        UUID account = AccountIds.forOwner(user.userId());
        assertThat(deposit(api, user, "10").status()).isEqualTo(200); // now cached here
        DomainEventMessage<?> newest = newest(account);

        // what another instance, which handled a deposit of 5, stored meanwhile
        eventStore.publish(new GenericDomainEventMessage<>(newest.getType(), account.toString(),
                newest.getSequenceNumber() + 1, new MoneyDeposited(account, new BigDecimal("5.00"), new BigDecimal("15.00"))));
        Api.Response answer = deposit(api, user, "1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("balance").decimalValue()).isEqualByComparingTo("16");
        assertThat(sequenceNumbers(account)).as("no gap, no sequence number twice")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, newest.getSequenceNumber() + 2).boxed().toList());
        assertThat(((MoneyDeposited) newest(account).getPayload()).balance()).isEqualByComparingTo("16");
    }

    @Test
    void racingCommandsOnOneAggregateAreAllStoredInOrderEachWithItsOwnAnswer() throws Exception {
        Api api = new Api(port);
        Api.User user = api.newUser();
        UUID account = AccountIds.forOwner(user.userId());
        assertThat(deposit(api, user, "1").status()).isEqualTo(200);
        long before = newest(account).getSequenceNumber();
        int deposits = 20;

        List<Api.Response> answers = Concurrently.run(deposits, deposits, i -> deposit(api, user, "1"));

        assertThat(answers).extracting(Api.Response::status).containsOnly(200);
        assertThat(answers).extracting(answer -> answer.json().get("balance").decimalValue().intValueExact())
                .as("every deposit saw its predecessors and no other saw the same state")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, deposits + 1).boxed().toList());
        assertThat(sequenceNumbers(account))
                .containsExactlyElementsOf(LongStream.rangeClosed(0, before + deposits).boxed().toList());
        assertThat(((MoneyDeposited) newest(account).getPayload()).balance()).isEqualByComparingTo(String.valueOf(deposits + 1));
    }

    private static Api.Response deposit(Api api, Api.User user, String amount) {
        return api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": " + amount + "}");
    }

    private DomainEventMessage<?> newest(UUID account) {
        List<DomainEventMessage<?>> stored = events.events(account.toString());
        return stored.get(stored.size() - 1);
    }

    private List<Long> sequenceNumbers(UUID account) {
        return events.events(account.toString()).stream().map(DomainEventMessage::getSequenceNumber).toList();
    }
}
