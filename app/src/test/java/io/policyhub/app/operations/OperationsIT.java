package io.policyhub.app.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class OperationsIT {

    @LocalServerPort
    int port;

    @Test
    void healthAndReadinessAreUpWithTheDatabase() {
        Api api = new Api(port);

        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        Api.Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/livez", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusExposesPerEndpointLatencyHistogramsCommandTimersAndProcessorLag() {
        Api api = new Api(port);
        String user = api.newUser().token();
        api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": 5}");
        api.get("/api/v1/accounts/me", user);

        String metrics = api.get("/actuator/prometheus", null).body();

        assertThat(metrics).containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/api/v1/accounts/me/deposits\".*le=");
        assertThat(metrics).containsPattern("policyhub_command_seconds_count\\{command=\"DepositMoney\",outcome=\"success\"}");
        assertThat(metrics).containsPattern("policyhub_processor_lag\\{processor=\"accounts\"}");
    }

    @Test
    void openApiDescribesTheAccountsApi() {
        Api.Response docs = new Api(port).get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/accounts/me/deposits")).isTrue();
    }
}
