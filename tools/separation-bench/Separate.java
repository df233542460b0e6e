import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageOutputs;
import org.audiomesh.separation.engine.SeparationStage;
import org.audiomesh.separation.engine.SpectralSeparator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the separation service's built-in engine on files, outside Kafka, through the same
 * StageEngine.process call the service makes (options, scratch files, publishing, result).
 *
 *   java -cp "separation-service/target/quarkus-app/app/*:separation-service/target/quarkus-app/lib/main/*" \
 *       tools/separation-bench/Separate.java OUT_DIR [key=value ...] INPUT...
 *
 * Each input's stems go to OUT_DIR/NAME/, NAME being the input's folder name (the layout of
 * make_set.py: song-001/mix.wav -> OUT_DIR/song-001/). key=value pairs are stage options
 * (stems, format, encoding). Prints, per input, the audio length, the wall time of process()
 * and the real-time factor (audio seconds per second of processing), then the result JSON.
 */
public class Separate {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Separate.java OUT_DIR [key=value ...] INPUT...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, String> options = new LinkedHashMap<>();
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].contains("=") && !Files.exists(Path.of(args[i]))) {
                String[] kv = args[i].split("=", 2);
                options.put(kv[0], kv[1]);
            } else {
                inputs.add(Path.of(args[i]));
            }
        }
        Path blobs = Files.createDirectories(out.resolve(".blobs"));
        FileSystemBlobStore store = new FileSystemBlobStore(blobs);
        ObjectMapper mapper = new ObjectMapper();
        SeparationStage engine = SeparationStage.create(new SpectralSeparator(), mapper,
                Path.of(System.getProperty("java.io.tmpdir")));
        for (Path input : inputs) {
            String id = JobIds.newId();
            var format = AudioFiles.probe(input);
            EngineInput in = new EngineInput(id, input, format, options, new StageOutputs(store, id, Stage.SEPARATION));
            long start = System.nanoTime();
            EngineResult result = engine.process(in, ProgressListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            Path target = Files.createDirectories(out.resolve(input.toAbsolutePath().getParent().getFileName().toString()));
            try (var files = Files.list(blobs.resolve("jobs").resolve(id).resolve("stems"))) {
                for (Path f : files.toList()) {
                    Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            store.deleteJob(id);
            double audio = result.result().get("duration_s").asDouble();
            System.out.printf("%s: %.1f s of audio in %.2f s = %.1fx real time%n", input, audio, seconds, audio / seconds);
            System.out.println(mapper.writeValueAsString(result.result()));
        }
    }
}
