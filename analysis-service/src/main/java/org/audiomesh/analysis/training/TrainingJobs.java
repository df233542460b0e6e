package org.audiomesh.analysis.training;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.audiomesh.analysis.config.AnalysisConfig;
import org.audiomesh.analysis.config.NoiseClassifierBeans;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.analysis.noise.NoiseModelManifest;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.analysis.noise.NoiseModelStore;
import org.audiomesh.common.config.AudiomeshConfig;
import org.jboss.logging.Logger;

/**
 * Runs noise-classifier training jobs in the background, one at a time: scan the data (before the
 * job is accepted, so bad data is a 4xx), measure features, train, write the model under the
 * models folder, then pass it through the registry's gate. Jobs are kept in memory (the last
 * {@value #KEEP} of them); a restart forgets them but keeps the promoted model.
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);
    static final int KEEP = 50;

    private final AnalysisConfig config;
    private final Path modelsDir;
    private final NoiseModelStore store;
    private final NoiseModelRegistry registry;
    private final NoiseTrainer trainer = new NoiseTrainer();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "noise-classifier-training");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicReference<TrainingJob>> jobs = new LinkedHashMap<>();
    private String running;

    public TrainingJobs(AnalysisConfig config, AudiomeshConfig common, NoiseModelStore store,
            NoiseModelRegistry registry) {
        this.config = config;
        this.modelsDir = NoiseClassifierBeans.modelsDir(config, common);
        this.store = store;
        this.registry = registry;
    }

    /**
     * Checks the data and starts a job.
     *
     * @param minClips least clips per class, or empty for the configured default
     * @throws NoiseModelException {@code TRAINING_IN_PROGRESS} (409) or a data problem (422)
     */
    public synchronized TrainingJob submit(Path data, Optional<Integer> minClips) {
        int min = Math.max(2, minClips.orElse(config.noise().minClipsPerClass()));
        TrainingData scanned = TrainingData.scan(data, min); // bad data is reported first, whatever runs
        if (running != null) {
            throw new NoiseModelException(NoiseModelException.TRAINING_IN_PROGRESS, 409,
                    "training job " + running + " is still running; one at a time");
        }
        String id = UUID.randomUUID().toString();
        AtomicReference<TrainingJob> job = new AtomicReference<>(new TrainingJob(id, "queued", "features", 0.0,
                data.toString(), Instant.now().toString(), null, null, null, null, null));
        jobs.put(id, job);
        while (jobs.size() > KEEP) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        running = id;
        executor.submit(() -> run(id, scanned, job));
        return job.get();
    }

    /** The job's current state. */
    public synchronized Optional<TrainingJob> get(String id) {
        AtomicReference<TrainingJob> job = jobs.get(id);
        return job == null ? Optional.empty() : Optional.of(job.get());
    }

    private void run(String id, TrainingData data, AtomicReference<TrainingJob> job) {
        try {
            job.updateAndGet(j -> with(j, "running", "features", 0.0));
            AnalysisConfig.Noise n = config.noise();
            NoiseTrainer.Settings settings = new NoiseTrainer.Settings(n.heldOutFraction(), n.seed(), n.trees(),
                    n.maxDepth());
            NoiseTrainer.Outcome outcome = trainer.train(data, settings, f -> job.updateAndGet(j -> with(j,
                    "running", f < 0.85 ? "features" : "training", 0.9 * f)));
            Path dir = modelsDir.resolve(outcome.manifest().id());
            NoiseModelManifest written = store.write(dir, outcome.model(), outcome.scaler(), outcome.manifest());
            TrainingJob.TrainedModel trained = new TrainingJob.TrainedModel(written.id(), dir.toString(),
                    written.accuracy(), written.classes(), written.confusion());
            job.updateAndGet(j -> new TrainingJob(j.id(), "running", "validating", 0.95, j.data(), j.createdAt(),
                    null, trained, null, null, null));
            Boolean promoted;
            TrainingJob.Failure rejection = null;
            try {
                registry.promote(dir, outcome.heldOut());
                promoted = true;
            } catch (NoiseModelException e) {
                promoted = false;
                rejection = new TrainingJob.Failure(e.code(), e.getMessage(), e.files());
            }
            Boolean p = promoted;
            TrainingJob.Failure r = rejection;
            job.updateAndGet(j -> new TrainingJob(j.id(), "completed", "done", 1.0, j.data(), j.createdAt(),
                    Instant.now().toString(), trained, p, r, null));
        } catch (NoiseModelException e) {
            fail(job, new TrainingJob.Failure(e.code(), e.getMessage(), e.files()));
        } catch (Exception | Error e) {
            LOG.errorf(e, "noise-classifier training job %s failed", id);
            fail(job, new TrainingJob.Failure("TRAINING_FAILED", String.valueOf(e.getMessage()), List.of()));
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    private static void fail(AtomicReference<TrainingJob> job, TrainingJob.Failure failure) {
        job.updateAndGet(j -> new TrainingJob(j.id(), "failed", j.phase(), j.progress(), j.data(), j.createdAt(),
                Instant.now().toString(), j.model(), null, null, failure));
    }

    private static TrainingJob with(TrainingJob j, String status, String phase, double progress) {
        return new TrainingJob(j.id(), status, phase, Math.round(progress * 1000) / 1000.0, j.data(), j.createdAt(),
                j.finishedAt(), j.model(), j.promoted(), j.rejection(), j.error());
    }

    void shutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
