package io.policyhub.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyhub.platform.redis.RedisPubSub.Push;
import org.junit.jupiter.api.Test;

class RedisPubSubPushTest {

    @Test
    void carriesTheRequestIdBesideThePayload() {
        String payload = "{\"text\":\"{\\\"requestId\\\":\\\"x\\\",\\\"payload\\\":\",\"n\":1}";
        Push decoded = Push.decode(new Push("req-1", payload).encode());
        assertThat(decoded).isEqualTo(new Push("req-1", payload));
    }

    @Test
    void aChangeWithoutAnIdIsTheBarePayloadAsPublishersBeforeIdsWroteIt() {
        assertThat(new Push(null, "{\"a\":1}").encode()).isEqualTo("{\"a\":1}");
        assertThat(Push.decode("{\"a\":1}")).isEqualTo(new Push(null, "{\"a\":1}"));
    }

    @Test
    void anIdThatIsNoPlainTokenIsLeftOut() {
        assertThat(new Push("a\",\"payload\":{}}", "{\"a\":1}").encode()).isEqualTo("{\"a\":1}");
    }
}
