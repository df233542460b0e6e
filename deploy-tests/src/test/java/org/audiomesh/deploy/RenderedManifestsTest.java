package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the base and every overlay with the real kustomize and checks what would be applied
 * against the code: the topics of {@link Topics}, the consumer groups of the services'
 * configuration, images that a Dockerfile of this repository builds, probes, resources, mounts,
 * selectors and the references between resources.
 */
class RenderedManifestsTest {
    private static final Set<String> KNOWN_KINDS = Set.of("ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment",
            "StatefulSet", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ScaledObject", "Kafka",
            "KafkaNodePool", "KafkaTopic", "ServiceMonitor", "PodMonitor", "PrometheusRule");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/gpu"})
    void everyResourceIsWellFormedAndOfAKnownKind(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        Set<String> ids = new HashSet<>();
        for (JsonNode r : out.resources()) {
            String id = r.path("kind").asText() + "/" + r.path("metadata").path("name").asText();
            assertTrue(KNOWN_KINDS.contains(r.path("kind").asText()), target + ": unexpected kind in " + id);
            assertFalse(r.path("apiVersion").asText().isEmpty(), target + ": " + id + " has no apiVersion");
            assertTrue(r.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"),
                    target + ": invalid name " + id);
            assertTrue(ids.add(id), target + ": " + id + " twice");
            if (!target.equals("base")) {
                assertFalse(r.path("metadata").path("namespace").asText().isEmpty(), target + ": " + id + " has no namespace");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/gpu"})
    void everyServiceRunsAsADeploymentWithProbesResourcesAndTheSharedVolume(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        JsonNode config = out.get("ConfigMap", "audiomesh-config").path("data");
        String dataDir = config.path("AUDIOMESH_DATA_DIR").asText();
        assertFalse(dataDir.isEmpty(), "AUDIOMESH_DATA_DIR (audiomesh.data-dir) is set");
        JsonNode pvc = out.get("PersistentVolumeClaim", "audiomesh-data");
        assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").path(0).asText(),
                "every replica of every service mounts the blob store");

        for (String service : Repo.SERVICES) {
            String where = target + ": audiomesh-" + service;
            JsonNode d = out.get("Deployment", "audiomesh-" + service);
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode selector = d.path("spec").path("selector").path("matchLabels");
            assertTrue(selector.size() > 0, where + " has a selector");
            assertContains(d.path("spec").path("template").path("metadata").path("labels"), selector, where + " template labels");
            assertEquals(1, pod.path("containers").size(), where + ": one container");
            JsonNode c = pod.path("containers").path(0);

            Set<String> ports = names(c.path("ports"));
            assertTrue(ports.contains("http"), where + " names its port http");
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), where);
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), where);
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode port = c.path(probe).path("httpGet").path("port");
                assertTrue(port.isMissingNode() || ports.contains(port.asText()), where + " " + probe + " port " + port);
            }
            for (String kind : List.of("requests", "limits")) {
                for (String res : List.of("cpu", "memory")) {
                    assertFalse(c.path("resources").path(kind).path(res).asText().isEmpty(), where + " sets " + kind + "." + res);
                }
            }

            // configuration comes from the ConfigMap (and the Secret where Redis is needed)
            Set<String> configMaps = new HashSet<>();
            c.path("envFrom").forEach(e -> {
                if (e.has("configMapRef")) {
                    configMaps.add(e.path("configMapRef").path("name").asText());
                }
                if (e.has("secretRef")) {
                    out.get("Secret", e.path("secretRef").path("name").asText());
                }
            });
            assertTrue(configMaps.contains("audiomesh-config"), where + " reads audiomesh-config");
            configMaps.forEach(n -> out.get("ConfigMap", n));

            // graceful shutdown: the grace period covers quarkus.shutdown.timeout
            String shutdownKey = null;
            for (JsonNode e : c.path("env")) {
                if (e.path("name").asText().equals("QUARKUS_SHUTDOWN_TIMEOUT")) {
                    shutdownKey = e.path("valueFrom").path("configMapKeyRef").path("key").asText();
                }
            }
            assertTrue(shutdownKey != null, where + " sets QUARKUS_SHUTDOWN_TIMEOUT");
            long shutdown = Duration.parse(config.path(shutdownKey).asText()).toSeconds();
            long grace = pod.path("terminationGracePeriodSeconds").asLong();
            assertTrue(grace > shutdown, where + ": terminationGracePeriodSeconds " + grace
                    + " must exceed quarkus.shutdown.timeout " + shutdown + " s");

            // the blob store at audiomesh.data-dir
            Map<String, String> claims = new HashMap<>();
            pod.path("volumes").forEach(v -> claims.put(v.path("name").asText(),
                    v.path("persistentVolumeClaim").path("claimName").asText()));
            boolean mounted = false;
            for (JsonNode m : c.path("volumeMounts")) {
                assertTrue(claims.containsKey(m.path("name").asText()), where + " mounts an undeclared volume");
                if (m.path("mountPath").asText().equals(dataDir)) {
                    mounted = "audiomesh-data".equals(claims.get(m.path("name").asText()))
                            && !m.path("readOnly").asBoolean() && !m.has("subPath");
                }
            }
            assertTrue(mounted, where + " mounts the audiomesh-data claim read-write at " + dataDir);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), where + " runs as non-root");

            // exactly one Service selects the pods, on the named port
            List<JsonNode> services = out.ofKind("Service").stream()
                    .filter(s -> contains(d.path("spec").path("template").path("metadata").path("labels"), s.path("spec").path("selector")))
                    .toList();
            assertEquals(1, services.size(), where + ": one Service selects it");
            services.get(0).path("spec").path("ports").forEach(p ->
                    assertTrue(ports.contains(p.path("targetPort").asText()), where + " Service targets port " + p.path("targetPort")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/gpu"})
    void imagesAreTheOnesTheDockerfilesOfThisRepositoryBuild(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        String prefix = null;
        for (String service : Repo.SERVICES) {
            String module = service + "-service";
            String image = out.get("Deployment", "audiomesh-" + service).path("spec").path("template").path("spec")
                    .path("containers").path(0).path("image").asText();
            int colon = image.lastIndexOf(':');
            String name = image.substring(0, colon);
            String tag = image.substring(colon + 1);
            assertTrue(name.endsWith("/" + module), target + ": " + image + " is the image of " + module);
            String p = name.substring(0, name.length() - module.length());
            assertTrue(prefix == null || prefix.equals(p), target + ": one registry for all images, not " + p + " and " + prefix);
            prefix = p;
            assertTrue(Files.isRegularFile(Repo.ROOT.resolve(module + "/src/main/docker/Dockerfile.jvm")), module + " has a Dockerfile.jvm");
            boolean gpu = target.endsWith("gpu") && Repo.ONNX_WORKERS.contains(service);
            assertEquals(gpu, tag.endsWith("-cuda"), target + ": " + image + (gpu ? " must" : " must not") + " be the CUDA image");
            if (gpu) {
                assertTrue(Files.isRegularFile(Repo.ROOT.resolve(module + "/src/main/docker/Dockerfile.cuda")), module + " has a Dockerfile.cuda");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/gpu"})
    void gpuWorkersGetOneGpuCudaFirstAndOneInferenceAtATime(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        for (String service : Repo.ONNX_WORKERS) {
            JsonNode pod = out.get("Deployment", "audiomesh-" + service).path("spec").path("template").path("spec");
            JsonNode c = pod.path("containers").path(0);
            assertEquals("1", c.path("resources").path("limits").path("nvidia.com/gpu").asText(), service);
            assertFalse(pod.path("nodeSelector").isEmpty(), service + " runs on GPU nodes");
            assertTrue(pod.path("tolerations").toString().contains("nvidia.com/gpu"), service + " tolerates the GPU taint");
            Map<String, String> env = new HashMap<>();
            c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            assertEquals("cuda,cpu", env.get("AUDIOMESH_ONNX_PROVIDERS"), service);
            assertEquals("1", env.get("ORG_AUDIOMESH_COMMON_WORKER_GUARDEDENGINERUNNER_RUN_BULKHEAD_VALUE"), service);
            int gpus = out.get("ScaledObject", "audiomesh-" + service).path("spec").path("maxReplicaCount").asInt();
            assertTrue(gpus >= 1, service);
        }
        assertTrue(out.get("Deployment", "audiomesh-analysis").path("spec").path("template").path("spec")
                .path("containers").path(0).path("resources").path("limits").path("nvidia.com/gpu").isMissingNode(),
                "analysis has no ONNX model to put on a GPU");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/gpu"})
    void everyTopicOfTheCodeIsAKafkaTopicOfTheCluster(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        String cluster = out.ofKind("Kafka").get(0).path("metadata").path("name").asText();
        JsonNode kafka = out.get("Kafka", cluster);
        assertEquals("enabled", kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText(), "KRaft");
        assertEquals("enabled", kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText());
        List<JsonNode> pools = out.ofKind("KafkaNodePool");
        assertFalse(pools.isEmpty());
        Set<String> roles = new TreeSet<>();
        for (JsonNode pool : pools) {
            assertEquals(cluster, pool.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
        }
        assertEquals(Set.of("broker", "controller"), roles, "KRaft needs controllers and brokers");

        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode t : out.ofKind("KafkaTopic")) {
            assertEquals(cluster, t.path("metadata").path("labels").path("strimzi.io/cluster").asText(), t.toString());
            String name = t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
            topics.put(name, t);
        }
        Set<String> expected = new TreeSet<>();
        expected.add(Topics.JOB_EVENTS);
        for (Stage s : Stage.values()) {
            expected.add(s.topic());
            expected.add(s.deadLetterTopic());
        }
        assertEquals(expected, new TreeSet<>(topics.keySet()), "KafkaTopics = the topics of common's Topics/Stage");
        int brokers = 0;
        for (JsonNode pool : pools) {
            if (pool.path("spec").path("roles").toString().contains("broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        for (var t : topics.entrySet()) {
            int replicas = t.getValue().path("spec").path("replicas").asInt();
            assertTrue(replicas >= 1 && replicas <= brokers, t.getKey() + ": " + replicas + " replicas on " + brokers + " brokers");
        }
        JsonNode exporter = kafka.path("spec").path("kafkaExporter");
        assertFalse(exporter.isMissingNode(), "the Kafka exporter provides the lag the dashboards and alerts use");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/gpu"})
    void eachWorkerScalesOnTheLagOfItsOwnConsumerGroupAndTheGatewayOnCpu(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        String bootstrap = out.get("ConfigMap", "audiomesh-config").path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
        for (String worker : Repo.WORKERS) {
            Stage stage = Stage.fromId(worker);
            var props = Repo.applicationProperties(worker);
            assertEquals(stage.topic(), props.getProperty("mp.messaging.incoming.stage-requests.topic"), worker);
            String group = props.getProperty("mp.messaging.incoming.stage-requests.group.id");
            JsonNode so = out.get("ScaledObject", "audiomesh-" + worker);
            assertEquals("audiomesh-" + worker, so.path("spec").path("scaleTargetRef").path("name").asText());
            JsonNode trigger = so.path("spec").path("triggers").path(0);
            assertEquals("kafka", trigger.path("type").asText(), worker);
            assertEquals(group, trigger.path("metadata").path("consumerGroup").asText(), worker + "'s consumer group");
            assertEquals(stage.topic(), trigger.path("metadata").path("topic").asText(), worker + "'s topic");
            assertEquals(bootstrap, trigger.path("metadata").path("bootstrapServers").asText(), worker);
            int partitions = topic(out, stage.topic()).path("spec").path("partitions").asInt();
            int max = so.path("spec").path("maxReplicaCount").asInt();
            assertTrue(max >= 1 && max <= partitions, worker + ": at most one replica per partition (" + max + " > " + partitions + ")");
            assertTrue(out.ofKind("HorizontalPodAutoscaler").stream().noneMatch(h ->
                    h.path("spec").path("scaleTargetRef").path("name").asText().equals("audiomesh-" + worker)),
                    worker + " is scaled by KEDA only");
        }
        JsonNode hpa = out.get("HorizontalPodAutoscaler", "audiomesh-gateway");
        assertEquals("Deployment", hpa.path("spec").path("scaleTargetRef").path("kind").asText());
        out.get("Deployment", hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertEquals("cpu", hpa.path("spec").path("metrics").path(0).path("resource").path("name").asText());
        assertTrue(hpa.path("spec").path("minReplicas").asInt() <= hpa.path("spec").path("maxReplicas").asInt());
        assertTrue(bootstrap.startsWith(out.ofKind("Kafka").get(0).path("metadata").path("name").asText() + "-kafka-bootstrap:"),
                "KAFKA_BOOTSTRAP_SERVERS points at the Strimzi cluster's bootstrap service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/prod"})
    void theServiceMonitorScrapesEveryServiceAndRedisUsesTheSecret(String target) {
        Kustomize.Output out = Kustomize.build(Repo.K8S.resolve(target));
        JsonNode sm = out.get("ServiceMonitor", "audiomesh-services");
        JsonNode endpoint = sm.path("spec").path("endpoints").path(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        for (String service : Repo.SERVICES) {
            JsonNode svc = out.get("Service", "audiomesh-" + service);
            JsonNode labels = svc.path("metadata").path("labels");
            assertTrue(contains(labels, sm.path("spec").path("selector").path("matchLabels")), service + " matches the ServiceMonitor");
            for (JsonNode e : sm.path("spec").path("selector").path("matchExpressions")) {
                Set<String> values = new HashSet<>();
                e.path("values").forEach(v -> values.add(v.asText()));
                assertTrue(values.contains(labels.path(e.path("key").asText()).asText()), service + " matches " + e);
            }
            assertTrue(names(svc.path("spec").path("ports")).contains(endpoint.path("port").asText()), service);
        }
        JsonNode redis = out.get("StatefulSet", "audiomesh-redis");
        assertTrue(redis.toString().contains("audiomesh-secrets"), "Redis takes its password from the Secret");
        assertTrue(out.get("Secret", "audiomesh-secrets").path("stringData").has("AUDIOMESH_REDIS_URL"));
        assertEquals(1, out.ofKind("Service").stream().filter(s -> contains(
                redis.path("spec").path("template").path("metadata").path("labels"), s.path("spec").path("selector"))).count());
    }

    private static JsonNode topic(Kustomize.Output out, String name) {
        return out.ofKind("KafkaTopic").stream()
                .filter(t -> name.equals(t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText())))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + name));
    }

    private static Set<String> names(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    /** Whether {@code labels} has every entry of {@code selector} (an empty selector matches nothing here). */
    static boolean contains(JsonNode labels, JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
                return false;
            }
        }
        return true;
    }

    private static void assertContains(JsonNode labels, JsonNode selector, String what) {
        List<String> missing = new ArrayList<>();
        selector.fieldNames().forEachRemaining(k -> {
            if (!selector.path(k).asText().equals(labels.path(k).asText())) {
                missing.add(k);
            }
        });
        assertTrue(missing.isEmpty(), what + " lack selector labels " + missing);
    }
}
