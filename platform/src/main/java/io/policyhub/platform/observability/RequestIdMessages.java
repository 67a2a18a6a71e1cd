package io.policyhub.platform.observability;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The request id in Axon's messages. Dispatching stamps it from the logs' context onto a message
 * that has none (an HTTP request's commands and queries, an insurer call's outcome); handling puts a
 * message's id in the logs' context, so whatever the handler logs or sends carries it, and Axon's
 * correlation data copies it from the handled message to every message made while handling (events,
 * a saga's commands, deadlines). Every handled message that has an id gets a line in
 * {@link RequestIds#TRAIL}.
 */
public final class RequestIdMessages {

    private RequestIdMessages() {
    }

    /** The request id a message carries, or null. */
    public static String of(Message<?> message) {
        Object id = message.getMetaData().get(RequestIds.KEY);
        return RequestIds.isValid(id) ? (String) id : null;
    }

    public static <T extends Message<?>> MessageDispatchInterceptor<T> stamp() {
        return new Stamp<>();
    }

    /** @param handler who handles (a processor's name, "commands", "queries"), for the trail's lines */
    public static <T extends Message<?>> MessageHandlerInterceptor<T> context(String handler) {
        return new Context<>(handler);
    }

    private static final class Stamp<T extends Message<?>> implements MessageDispatchInterceptor<T> {

        @Override
        @SuppressWarnings("unchecked")
        public BiFunction<Integer, T, T> handle(List<? extends T> messages) {
            String requestId = RequestIds.current();
            if (requestId == null) {
                return (index, message) -> message;
            }
            return (index, message) -> message.getMetaData().containsKey(RequestIds.KEY)
                    ? message : (T) message.andMetaData(Map.of(RequestIds.KEY, requestId));
        }
    }

    private record Context<T extends Message<?>>(String handler) implements MessageHandlerInterceptor<T> {

        @Override
        public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
            Message<?> message = unitOfWork.getMessage();
            String requestId = of(message);
            if (requestId == null) {
                return chain.proceed();
            }
            try (RequestIds.Scope ignored = RequestIds.open(requestId)) {
                Object result = chain.proceed();
                if (RequestIds.TRAIL.isDebugEnabled()) {
                    RequestIds.TRAIL.debug("{} {} handled by {}", kind(message), message.getPayloadType().getSimpleName(), handler);
                }
                return result;
            }
        }

        private static String kind(Message<?> message) {
            return message instanceof CommandMessage<?> ? "command"
                    : message instanceof EventMessage<?> ? "event" : "query";
        }
    }
}
