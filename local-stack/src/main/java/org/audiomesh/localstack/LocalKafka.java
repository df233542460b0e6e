package org.audiomesh.localstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * Runs a single-node KRaft Kafka broker, the server code of the Apache distribution, for the local
 * stack: {@code --data DIR [--port 9092] [--controller-port 9093]}.
 *
 * <p>Formats {@code DIR/logs} on first start (like {@code kafka-storage.sh format}), starts the
 * broker, and once an admin client sees it prints {@code KAFKA READY 127.0.0.1:<port>} and writes
 * the bootstrap address to {@code DIR/kafka.ready}. SIGTERM (or Ctrl-C) removes the readiness file
 * and shuts the broker down cleanly. Logs go to {@code DIR/kafka.log} at WARN.
 */
public final class LocalKafka {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private LocalKafka() {
    }

    public static void main(String[] args) {
        KafkaNodeConfig node;
        try {
            CommandLine line = CommandLine.parse(args, Set.of());
            String data = line.value("data", "AUDIOMESH_KAFKA_DATA", null);
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            int port = line.port("port", "AUDIOMESH_KAFKA_PORT", 9092);
            node = new KafkaNodeConfig(Path.of(data).toAbsolutePath(),
                    port, line.port("controller-port", "AUDIOMESH_KAFKA_CONTROLLER_PORT", port + 1));
        } catch (IllegalArgumentException e) {
            System.err.println("LocalKafka: " + e.getMessage());
            System.err.println("usage: LocalKafka --data DIR [--port 9092] [--controller-port 9093]");
            System.exit(2);
            return;
        }
        try {
            run(node);
        } catch (Exception e) {
            System.err.println("LocalKafka: failed: " + e + rootCause(e));
            Path log = node.dataDirectory().resolve("kafka.log");
            if (Files.exists(log)) {
                System.err.println("LocalKafka: see " + log);
            }
            System.exit(1);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (cause: " + root + ")";
    }

    private static void run(KafkaNodeConfig node) throws Exception {
        long started = System.nanoTime();
        for (int port : new int[] {node.brokerPort(), node.controllerPort()}) {
            if (TcpPorts.inUse(KafkaNodeConfig.HOST, port)) {
                // Checked before touching the data directory, which may belong to the running broker.
                throw new IllegalStateException(KafkaNodeConfig.HOST + ":" + port + " is already in use");
            }
        }
        Files.createDirectories(node.dataDirectory());
        QuietLogging.to(node.dataDirectory().resolve("kafka.log"));
        StateFiles state = new StateFiles(node.dataDirectory(), "kafka");
        state.starting();
        System.out.println("LocalKafka: starting broker " + node.bootstrapServers()
                + ", controller " + KafkaNodeConfig.HOST + ":" + node.controllerPort()
                + ", data " + node.dataDirectory());

        format(node);
        Properties properties = new Properties();
        properties.putAll(node.properties());
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            state.stopped();
            server.shutdown();
            server.awaitShutdown();
            System.out.println("LocalKafka: stopped");
        }, "local-kafka-shutdown"));
        server.startup();
        awaitClients(node);

        state.ready(node.bootstrapServers());
        System.out.println("KAFKA READY " + node.bootstrapServers());
        System.out.println("LocalKafka: ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms; logs in " + node.dataDirectory().resolve("kafka.log"));
        server.awaitShutdown();
    }

    /** {@code kafka-storage.sh format -t <id> -c server.properties --ignore-formatted}: a no-op after the first start. */
    private static void format(KafkaNodeConfig node) throws Exception {
        Path propertiesFile = node.write();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--cluster-id", KafkaNodeConfig.CLUSTER_ID, "--config", propertiesFile.toString(), "--ignore-formatted"
            }, out);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka storage format failed (" + status + "): " + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** Waits until an admin client on the advertised listener sees the broker in the cluster. */
    private static void awaitClients(KafkaNodeConfig node) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            Exception lastFailure = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("broker not reachable at " + node.bootstrapServers()
                    + " after " + READY_TIMEOUT.toSeconds() + " s", lastFailure);
        }
    }
}
