package io.policyhub.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

/** What a retry may cure (an outage) against what it never will (the data itself). */
class TransientFailuresTest {

    @Test
    void outagesOfEveryStoreAreTransient() {
        assertThat(TransientFailures.isTransient(new UncategorizedSQLException("insert", "sql",
                new SQLException("Connect to http://127.0.0.1:18123 failed", null, 0, new ConnectException("refused"))))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("Code: 210, DB::NetException: Connection refused", null, 210)))
                .as("a ClickHouse shard the router cannot reach").isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("connection failure", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new RedisConnectionException("down"))).isTrue();
    }

    @Test
    void failuresOfTheDataItselfAreNot() {
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("Code: 27, Cannot parse input", null, 27))).isFalse();
        assertThat(TransientFailures.isTransient(new RedisCommandExecutionException("WRONGTYPE"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
    }
}
