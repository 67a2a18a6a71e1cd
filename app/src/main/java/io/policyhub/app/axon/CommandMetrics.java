package io.policyhub.app.axon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Times every command handler, tagged by command name and outcome. Cheap by design: one timer per
 * (command, outcome), looked up in a map, no per-message dimensions and no gauges per command.
 */
@Component
class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String command = unitOfWork.getMessage().getCommandName();
        long start = System.nanoTime();
        boolean success = false;
        try {
            Object result = chain.proceed();
            success = true;
            return result;
        } finally {
            timer(command, success).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String command, boolean success) {
        String outcome = success ? "success" : "failure";
        return timers.computeIfAbsent(command + '|' + outcome, key -> Timer.builder("policyhub.command")
                .description("Command handling time")
                .tag("command", command.substring(command.lastIndexOf('.') + 1))
                .tag("outcome", outcome)
                .register(registry));
    }
}
