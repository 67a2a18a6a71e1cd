package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.accounts.DepositMoney;
import io.policyhub.api.chats.SendMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class RecordCommandTargetResolverTest {

    private final RecordCommandTargetResolver resolver = new RecordCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolvesRecordCommandsAsAxonDoes() {
        for (Object command : new Object[] {
                new DepositMoney(UUID.randomUUID(), BigDecimal.TEN),
                new SendMessage(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "hi")}) {
            VersionedAggregateIdentifier ours = resolve(command);
            assertThat(ours.getIdentifier()).isEqualTo(axon.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier());
            assertThat(ours.getVersion()).isNull();
        }
    }

    @Test
    void refusesACommandWithoutTarget() {
        assertThatThrownBy(() -> resolve(new DepositMoney(null, BigDecimal.TEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DepositMoney");
    }

    @Test
    void leavesVersionedAndNonRecordCommandsToAxon() {
        assertThat(resolve(new Versioned("a-1", 7L))).isEqualTo(new VersionedAggregateIdentifier("a-1", 7L));
        assertThat(resolve(new Plain("p-1")).getIdentifier()).isEqualTo("p-1");
        assertThatThrownBy(() -> resolve(new Untargeted("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private VersionedAggregateIdentifier resolve(Object command) {
        return resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    record Untargeted(String id) {
    }

    static final class Plain {
        @TargetAggregateIdentifier
        private final String id;

        Plain(String id) {
            this.id = id;
        }
    }
}
