package org.audiomesh.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalRedisTest {

    @TempDir
    Path data;

    @ParameterizedTest(name = "embedded={0}")
    @ValueSource(booleans = {true, false})
    void redisAnswersPingAnnouncesReadinessAndStopsItsChildOnSigterm(boolean embedded) throws Exception {
        int port = LocalProcess.freePort();
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--port", Integer.toString(port)));
        if (embedded) {
            args.add("--embedded");
        }
        try (LocalProcess redis = new LocalProcess(data.resolve("out.txt"), LocalRedis.class, args.toArray(String[]::new))) {
            assertEquals("REDIS READY 127.0.0.1:" + port, redis.awaitLine("REDIS READY", Duration.ofSeconds(30)));
            assertEquals("redis://127.0.0.1:" + port, Files.readString(data.resolve("redis.ready")).trim());
            assertTrue(RedisPing.answers("127.0.0.1", port));
            long child = Long.parseLong(Files.readString(data.resolve("redis-server.pid")).trim());

            redis.terminate(Duration.ofSeconds(20));

            assertTrue(redis.output().contains("LocalRedis: stopped"), redis.outputText());
            assertFalse(Files.exists(data.resolve("redis.ready")), "redis.ready must be removed on shutdown");
            assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "redis-server must be stopped");
            assertFalse(TcpPorts.inUse("127.0.0.1", port));
        }
    }
}
