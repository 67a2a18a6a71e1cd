package io.policyhub.app.axon;

import java.lang.reflect.Executable;
import java.util.List;

import io.policyhub.platform.web.TransientFailures;
import io.policyhub.projections.admin.DeadLetters;
import io.policyhub.projections.support.EventByEvent;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The error policy of every processing group; nothing is skipped silently (Axon's default logs a
 * failing event and goes on).
 *
 * <ul>
 *   <li>Projections park a failing event in Axon's sequenced dead-letter queue (JDBC, in
 *       PostgreSQL, shared by every instance): the later events of its sequence are parked behind
 *       it, every other sequence goes on. Operators see, retry and evict parked events through
 *       {@code /api/v1/admin/dead-letters}; a read of a row held back by one answers 503
 *       {@code stale-read-model}.</li>
 *   <li>Transient failures (a store down, see {@link TransientFailures}) are never parked: the
 *       processor rolls the batch back and retries it with backoff until the store is back.</li>
 *   <li>Groups with side effects ({@code policyhub.processing.start-at-head}: the payment saga,
 *       onboarding, quote dispatch) are retried with backoff and never parked: their effects must
 *       happen in order and exactly once, their handlers only send idempotent commands or schedule
 *       idempotent tasks, so what fails them is an outage, which a retry outlasts. A stuck group
 *       shows as lag on the operator list and in the metrics.</li>
 * </ul>
 *
 * <p>A batch is one transaction with deferred writes, so the first failure of a batch is not
 * parked: the batch is rolled back and retried {@link EventByEvent event by event}, each event's
 * handler in a savepoint, and then exactly the failing event is parked and the rest committed.
 */
@Configuration
class DeadLettering {

    static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    /** Static: the configuration's own autowired method needs it. */
    @Bean
    static EventByEvent eventByEvent() {
        return new EventByEvent();
    }

    @Autowired
    void configure(EventProcessingConfigurer configurer, EventByEvent eventByEvent, PlatformTransactionManager transactions,
                   @Value("${policyhub.processing.start-at-head:}") List<String> sideEffectGroups,
                   @Value("${policyhub.dead-letters.max-sequences:100000}") int maxSequences,
                   @Value("${policyhub.dead-letters.max-sequence-size:10000}") int maxSequenceSize) {
        configurer.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerDefaultTransactionManager(configuration -> new SavepointInsideTransaction(transactions))
                .registerDeadLetterQueueProvider(group -> sideEffectGroups.contains(group) ? null
                        : configuration -> JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(group)
                        .connectionProvider(configuration.getComponent(ConnectionProvider.class))
                        .transactionManager(configuration.getComponent(TransactionManager.class))
                        .schema(SCHEMA)
                        .genericSerializer(configuration.serializer())
                        .eventSerializer(configuration.eventSerializer())
                        .maxSequences(maxSequences)
                        .maxSequenceSize(maxSequenceSize)
                        .build())
                .registerDefaultDeadLetterPolicy(configuration -> parkingPolicy(eventByEvent));
    }

    /**
     * Parks what fails for a reason of its own, retries what fails because a store is away. A
     * letter being retried by an operator carries its attempts and stays parked when it fails again.
     */
    static EnqueuePolicy<EventMessage<?>> parkingPolicy(EventByEvent eventByEvent) {
        return (letter, cause) -> {
            if (letter.diagnostics().containsKey(DeadLetters.ATTEMPTS)) {
                return Decisions.requeue(ThrowableCause.truncated(cause),
                        retried -> retried.diagnostics().and(DeadLetters.ATTEMPTS, attempts(retried.diagnostics()) + 1));
            }
            if (TransientFailures.isTransient(cause)) {
                throw new BatchRetried("a store is not available; the batch is retried", cause);
            }
            if (!eventByEvent.active()) {
                eventByEvent.afterFailureOfCurrentBatch();
                throw new BatchRetried("an event failed; the batch is retried event by event to park only that one", cause);
            }
            return Decisions.enqueue(ThrowableCause.truncated(cause), parked -> MetaData.with(DeadLetters.ATTEMPTS, 1));
        };
    }

    static int attempts(MetaData diagnostics) {
        return diagnostics.get(DeadLetters.ATTEMPTS) instanceof Number number ? number.intValue() : 0;
    }

    /** Each event's handler in a savepoint while its batch runs event by event, so a failing event leaves no partial writes. */
    @Bean
    HandlerEnhancerDefinition savepointPerEvent(EventByEvent eventByEvent, PlatformTransactionManager transactions) {
        DefaultTransactionDefinition nested = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                // only event handlers of processing groups: aggregates' event sourcing handlers stay untouched
                boolean processorHandler = original.canHandleMessageType(EventMessage.class) && original.unwrap(Executable.class)
                        .map(handler -> handler.getDeclaringClass().isAnnotationPresent(ProcessingGroup.class)).orElse(false);
                if (!processorHandler) {
                    return original;
                }
                return new WrappedMessageHandlingMember<>(original) {
                    @Override
                    public Object handle(Message<?> message, T target) throws Exception {
                        if (!eventByEvent.active() || !TransactionSynchronizationManager.isActualTransactionActive()) {
                            return super.handle(message, target);
                        }
                        TransactionStatus savepoint = transactions.getTransaction(nested);
                        Object result;
                        try {
                            result = super.handle(message, target);
                        } catch (Exception | Error failure) {
                            transactions.rollback(savepoint);
                            throw failure;
                        }
                        transactions.commit(savepoint);
                        return result;
                    }
                };
            }
        };
    }

    /**
     * The processors' transaction manager: a transaction of their own where none is active (a
     * batch), a savepoint inside the active one (a dead letter retried within the retry's
     * transaction), so that a letter that fails again rolls back only its own writes.
     */
    static final class SavepointInsideTransaction implements TransactionManager {

        private final SpringTransactionManager outer;
        private final SpringTransactionManager savepoint;

        SavepointInsideTransaction(PlatformTransactionManager transactions) {
            this.outer = new SpringTransactionManager(transactions);
            this.savepoint = new SpringTransactionManager(transactions,
                    new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        }

        @Override
        public Transaction startTransaction() {
            return (TransactionSynchronizationManager.isActualTransactionActive() ? savepoint : outer).startTransaction();
        }
    }

    /** Thrown out of the dead-letter policy to make the processor roll back the batch and retry it. */
    static final class BatchRetried extends RuntimeException {
        BatchRetried(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
