package io.policyhub.app.axon;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.app.axon.eventstore.EventStoreWokenOnStoring;
import io.policyhub.app.axon.eventstore.GroupCommitEventStorageEngine;
import io.policyhub.app.axon.eventstore.PipelinedCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's stores on PostgreSQL through plain JDBC. The JDBC engine was chosen over JPA: it is
 * measurably faster here, needs no Hibernate dialect tricks to keep payloads in bytea, and the
 * schema is ours (Flyway, snake_case). Tokens and sagas stay in PostgreSQL in every mode, next to
 * the read models they guard; only the event store moves to Axon Server with that profile.
 */
@Configuration
class AxonStorage {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Serialized payloads and metadata are stored as bytea */
    private static final Class<byte[]> SERIALIZED_FORM = byte[].class;

    static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    static final TokenSchema TOKEN_SCHEMA = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    static final SagaSchema SAGA_SCHEMA = SagaSchema.builder()
            .sagaEntryTable("saga_entry")
            .sagaIdColumn("saga_id")
            .sagaTypeColumn("saga_type")
            .revisionColumn("revision")
            .serializedSagaColumn("serialized_saga")
            .associationValueEntryTable("association_value_entry")
            .associationKeyColumn("association_key")
            .associationValueColumn("association_value")
            .build();

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** Joins the Spring transaction of the current unit of work, so event, token and read-model writes commit together. */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        // PostgreSQL reports unique violations by SQLState (23505), not by vendor error code
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /**
     * Group commit with pipelined commands (see {@link io.policyhub.app.axon.eventstore});
     * {@code policyhub.event-store.pipelined=false} makes every unit of work wait for its commit,
     * {@code policyhub.event-store.group-commit=false} gives Axon's plain engine.
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          DataSourceProperties dataSourceProperties, MeterRegistry meters,
                                          @Value("${policyhub.event-store.group-commit:true}") boolean groupCommit,
                                          @Value("${policyhub.event-store.pipelined:true}") boolean pipelined,
                                          @Value("${policyhub.event-store.max-batch:500}") int maxBatch) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .schema(EVENT_SCHEMA)
                .dataType(SERIALIZED_FORM);
        return groupCommit
                ? new GroupCommitEventStorageEngine(builder, SERIALIZED_FORM, committerPool(dataSourceProperties), maxBatch, pipelined, meters)
                : builder.build();
    }

    /** Axon's embedded event store, except that the engine tells it when events are stored (see {@link EventStoreWokenOnStoring}). */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${policyhub.event-store.reader-pace:20ms}") Duration readerPace) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class));
        if (!(storageEngine instanceof GroupCommitEventStorageEngine engine)) {
            return builder.build();
        }
        EventStoreWokenOnStoring store = new EventStoreWokenOnStoring(builder, readerPace);
        engine.afterStoring(store::eventsStored);
        return store;
    }

    /**
     * Axon's simple command bus (as Axon's auto-configuration builds it), answering once the command's events are stored;
     * its answers report store conflicts recognisably (see {@link StoreConflicts}).
     */
    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(TransactionManager transactionManager, org.axonframework.config.Configuration configuration,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver, List<Cache> aggregateCaches) {
        SimpleCommandBus bus = new PipelinedCommandBus(SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(configuration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(configuration.messageMonitor(CommandBus.class, "commandBus")),
                aggregateCaches, StoreConflicts::asCommandFailure);
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return bus;
    }

    /** Two connections of the committer's own; the engine closes them when it shuts down. */
    private static HikariDataSource committerPool(DataSourceProperties properties) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("event-store-committer");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        return pool;
    }

    /** A segment whose owner stopped renewing its claim for {@code claim-timeout} is taken over by another instance. */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          @Value("${policyhub.processing.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TOKEN_SCHEMA)
                .contentType(byte[].class)
                .claimTimeout(claimTimeout)
                .build();
    }

    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema(SAGA_SCHEMA))
                .serializer(serializer)
                .build();
    }
}
