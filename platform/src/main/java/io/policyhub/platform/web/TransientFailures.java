package io.policyhub.platform.web;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Failures that a retry may cure: Axon Server unreachable or restarting, no handler connected for
 * a moment (a role starting, handlers registering again after a reconnect), a command whose handling
 * instance was lost mid-way or that outlived the wait for its outcome, a database, ClickHouse or Redis
 * that does not answer or lost the connection.
 * A request's outcome was not acknowledged, so the client is told to retry (503 with Retry-After)
 * rather than shown a server error; an event processor retries the event instead of parking it.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AxonTransientException || cause instanceof AxonServerException
                    || cause instanceof NoHandlerForQueryException || cause instanceof CommandDispatchException
                    || cause instanceof TimeoutException
                    || cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof StatusRuntimeException grpc && unavailable(grpc.getStatus().getCode())
                    || cause instanceof SQLTransientException || networkFailure(cause)
                    || cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException
                    || cause instanceof SQLException sql && (connectionLost(sql.getSQLState()) || clickHouseNetwork(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /** I/O on a connection to a store; not I/O on the client's request (its decoding failures are the client's). */
    private static boolean networkFailure(Throwable cause) {
        return cause instanceof SocketException || cause instanceof SocketTimeoutException || cause instanceof EOFException
                || cause instanceof ClosedChannelException || cause instanceof UnknownHostException;
    }

    /** SQLState class 08 (connection exception) and 57P (the server shut down, crashed or is starting). */
    private static boolean connectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    /** ClickHouse's SOCKET_TIMEOUT (209) and NETWORK_ERROR (210), e.g. a shard the router cannot reach. */
    private static boolean clickHouseNetwork(int errorCode) {
        return errorCode == 209 || errorCode == 210;
    }

    private static boolean unavailable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED;
    }
}
