package org.audiomesh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (one process acting as broker and controller) running inside the
 * test JVM, with its logs in a temporary directory that {@link #close()} removes.
 */
final class InJvmKafka implements StartedServer {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmKafka.class);

    private final KafkaClusterTestKit cluster;
    private final Path directory;
    private final String bootstrapServers;

    private InJvmKafka(KafkaClusterTestKit cluster, Path directory) {
        this.cluster = cluster;
        this.directory = directory;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    static InJvmKafka start() throws Exception {
        Path directory = Files.createTempDirectory("audiomesh-kafka-");
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(directory)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            SingleNodeBrokerSettings.PROPERTIES.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InJvmKafka(cluster, directory);
        } catch (Exception | Error e) {
            closeQuietly(cluster);
            deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * The metadata version and feature levels a freshly formatted 4.1 distribution gets; the test
     * kit's default is the newest unreleased ("testing") version, which production never runs.
     */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            levels.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, levels, "audiomesh-testing");
    }

    /** The temporary directory holding the metadata and partition logs. */
    Path directory() {
        return directory;
    }

    @Override
    public String address() {
        return bootstrapServers;
    }

    @Override
    public String description() {
        return "in-JVM KRaft broker (kafka-test-common-runtime) at " + bootstrapServers + ", data in " + directory;
    }

    @Override
    public void close() {
        closeQuietly(cluster);
        deleteRecursively(directory);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // close() rethrows faults the broker recorded while running; they do not stop shutdown.
            LOG.warn("In-JVM Kafka reported an error while stopping: {}", e.toString());
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", directory, e.toString());
        }
    }
}
