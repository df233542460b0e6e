package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.audiomesh.common.audio.ContainerFormat;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.pipeline.Pipelines;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a client may send: size and duration limits, accepted formats, pipelines and their stages. */
@Path("/api/v1/limits")
@Tag(name = "jobs")
public class LimitsResource {
    private final GatewayConfig config;
    private final Pipelines pipelines;
    private final ContractJson json;

    public LimitsResource(GatewayConfig config, Pipelines pipelines, ContractJson json) {
        this.config = config;
        this.pipelines = pipelines;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload limits, accepted formats and pipelines")
    public ObjectNode limits() {
        ObjectNode n = json.mapper().createObjectNode();
        n.put("maxUploadBytes", config.maxUploadBytes());
        n.put("maxDurationSeconds", config.maxDuration().toSeconds());
        n.putObject("batch").put("maxFiles", config.batch().maxFiles()).put("maxBytes", config.batch().maxBytes());
        ArrayNode formats = n.putArray("formats");
        for (ContainerFormat f : ContainerFormat.values()) {
            if (f != ContainerFormat.UNKNOWN) {
                formats.addObject().put("name", f.name().toLowerCase(java.util.Locale.ROOT))
                        .put("extension", f.extension()).put("contentType", f.contentType());
            }
        }
        ArrayNode ps = n.putArray("pipelines");
        for (Pipeline p : pipelines.all()) {
            ObjectNode o = ps.addObject().put("name", p.name()).put("description", p.description());
            ArrayNode stages = o.putArray("stages");
            p.stageIds().forEach(s -> stages.add(s.id()));
        }
        ArrayNode options = n.putArray("options");
        StageOptions.SPECS.forEach(o -> options.addObject().put("name", o.name()).put("description", o.description()));
        return n;
    }
}
