package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

class HttpEventCountTest {
    private static long count(String reply, String pointer) throws Exception {
        return HttpEventCount.numberIn(Json.MAPPER.readTree(reply), pointer).orElse(-1);
    }

    @Test
    void findsTheCountWhereCommonApisPutIt() throws Exception {
        assertThat(count("{\"count\":12,\"_shards\":{}}", null)).isEqualTo(12);
        assertThat(count("{\"hits\":{\"total\":{\"value\":7,\"relation\":\"eq\"}}}", null)).isEqualTo(7);
        assertThat(count("{\"hits\":{\"total\":5}}", null)).isEqualTo(5);
        assertThat(count("{\"total\":\"9\"}", null)).isEqualTo(9);
    }

    @Test
    void anExplicitPointerWins() throws Exception {
        assertThat(count("{\"count\":1,\"meta\":{\"n\":3}}", "/meta/n")).isEqualTo(3);
        assertThat(count("{\"count\":1}", "/meta/n")).isEqualTo(-1);
        assertThat(count("{\"hits\":[]}", null)).isEqualTo(-1);
    }
}
