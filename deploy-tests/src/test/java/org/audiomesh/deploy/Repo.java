package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Files of the repository the tests read: YAML documents, service configuration. */
final class Repo {
    static final Path ROOT = Path.of(System.getProperty("audiomesh.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path MONITORING = ROOT.resolve("deploy/monitoring");
    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    /** The five services: Kubernetes name suffix = Maven module prefix. */
    static final List<String> SERVICES = List.of("gateway", "analysis", "separation", "transcription", "enhancement");
    static final List<String> WORKERS = SERVICES.subList(1, SERVICES.size());
    /** Workers that run ONNX models and get a CUDA image. */
    static final List<String> ONNX_WORKERS = List.of("separation", "transcription", "enhancement");

    private Repo() {
    }

    /** Every non-empty document of a multi-document YAML text. */
    static List<JsonNode> documents(String yaml) {
        try (var parser = new YAMLFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode() && d.size() > 0) {
                    docs.add(d);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("invalid YAML", e);
        }
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = documents(file);
        return docs.isEmpty() ? MissingNode.getInstance() : docs.get(0);
    }

    static Properties applicationProperties(String service) {
        Path file = ROOT.resolve(service + "-service/src/main/resources/application.properties");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return p;
    }
}
