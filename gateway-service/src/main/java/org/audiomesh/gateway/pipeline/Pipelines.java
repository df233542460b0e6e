package org.audiomesh.gateway.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.gateway.pipeline.StagePlan.InputSource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipelines a client can ask for (ARCHITECTURE §2): {@code karaoke} (analysis ∥ separation →
 * transcription of the vocals stem), {@code speech} (analysis, whose noise class is the
 * enhancement's hint → enhancement → transcription of the enhanced audio), {@code noise} (the
 * analysis stage, for its background-noise class) and one single-stage pipeline per stage.
 */
@ApplicationScoped
public class Pipelines {
    private final Map<String, Pipeline> byName = new LinkedHashMap<>();

    public Pipelines() {
        add(new Pipeline("karaoke", "stems, tempo/beats/key and word-timed lyrics of a song", List.of(
                StagePlan.first(Stage.ANALYSIS),
                StagePlan.first(Stage.SEPARATION),
                new StagePlan(Stage.TRANSCRIPTION, Set.of(Stage.SEPARATION), new InputSource(Stage.SEPARATION,
                        "vocals", "separation failed: lyrics were transcribed from the full mix"))),
                Set.of()));
        // for recognition, gentle denoising that leaves noise bursts (and the words under them) transcribes
        // better than the strongest (BENCHMARKS.md, enhancement)
        add(new Pipeline("speech", "denoised speech and a speaker-labelled transcript", List.of(
                StagePlan.first(Stage.ANALYSIS),
                new StagePlan(Stage.ENHANCEMENT, Set.of(Stage.ANALYSIS), null).withDefaults(Map.of("attenuation_db", "12", "burst_removal", "off")),
                new StagePlan(Stage.TRANSCRIPTION, Set.of(Stage.ENHANCEMENT), new InputSource(Stage.ENHANCEMENT,
                        "enhanced", "enhancement failed: the original audio was transcribed"))),
                Set.of(Stage.TRANSCRIPTION)));
        add(new Pipeline("noise", "the class of the background noise (with the rest of the analysis)",
                List.of(StagePlan.first(Stage.ANALYSIS)), Set.of(Stage.ANALYSIS)));
        for (Stage s : Stage.values()) {
            add(new Pipeline(s.id(), "the " + s.id() + " stage alone", List.of(StagePlan.first(s)), Set.of(s)));
        }
    }

    private void add(Pipeline p) {
        byName.put(p.name(), p);
    }

    public Optional<Pipeline> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Collection<Pipeline> all() {
        return byName.values();
    }
}
