package org.audiomesh.localstack;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayRequestsTest {
    private static final URI JOBS = URI.create("http://127.0.0.1:8080/api/v1/jobs");

    @Test
    void theKeyOfTheEnvironmentGoesInXApiKey() {
        assertEquals(Optional.of("s3cret"), GatewayRequests.to(JOBS, " s3cret ").build().headers().firstValue("X-Api-Key"));
    }

    @Test
    void withoutAKeyNoHeaderIsSent() {
        assertEquals(Optional.empty(), GatewayRequests.to(JOBS, null).build().headers().firstValue("X-Api-Key"));
        assertEquals(Optional.empty(), GatewayRequests.to(JOBS, "  ").build().headers().firstValue("X-Api-Key"));
    }
}
