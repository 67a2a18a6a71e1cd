package io.policyhub.app.axon;

import io.policyhub.platform.observability.RequestIdMessages;
import io.policyhub.platform.observability.RequestIds;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Carries the request id through Axon (see {@link RequestIdMessages}): the gateways stamp it, every
 * handler (commands, queries, each event processor and saga, deadlines) runs with it in the logs'
 * context, and correlation data copies it onto whatever a handler produces, across Axon Server too.
 */
@Configuration
class RequestCorrelation {

    /** Axon's own trace and correlation ids; declared here because Axon drops its default once another provider exists. */
    @Bean
    CorrelationDataProvider messageOrigins() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider requestIds() {
        return new SimpleCorrelationDataProvider(RequestIds.KEY);
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> requestIdOnCommands() {
        return RequestIdMessages.stamp();
    }

    @Bean
    MessageDispatchInterceptor<QueryMessage<?, ?>> requestIdOnQueries() {
        return RequestIdMessages.stamp();
    }

    @Autowired
    void requestIdInEventHandling(EventProcessingConfigurer processing) {
        processing.registerDefaultHandlerInterceptor((configuration, processor) -> RequestIdMessages.context(processor));
    }

    @Bean
    InitializingBean requestIdInCommandsQueriesAndDeadlines(CommandBus commands, QueryBus queries,
                                                            ObjectProvider<DeadlineManager> deadlines) {
        return () -> {
            commands.registerHandlerInterceptor(RequestIdMessages.context("commands"));
            queries.registerHandlerInterceptor(RequestIdMessages.context("queries"));
            deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(RequestIdMessages.context("deadlines")));
        };
    }
}
