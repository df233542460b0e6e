package org.audiomesh.separation.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.FfmpegDecoder;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.ScratchFolders;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The separation stage around one {@link StemSeparator}: streams the input at its own sample
 * rate and channel count through the separator, writes the chosen stems
 * ({@link SeparationOptions}) to {@code stems/<stem>.wav} (or {@code .flac}) and returns a result
 * of the form
 * <pre>{@code
 * {"engine": "builtin", "sample_rate": 44100, "channels": 2, "frames": 1323000, "duration_s": 30.0,
 *  "format": "wav", "encoding": "float32",
 *  "stems": [{"name": "vocals", "file": "vocals.wav", "rms_dbfs": -21.3, "peak_dbfs": -4.0}, ...]}
 * }</pre>
 * ({@code rms_dbfs} and {@code peak_dbfs} over all channels; null for a silent stem), plus the
 * separator's {@link StemSeparator#details() details}.
 */
public final class SeparationStage implements StageEngine {
    private final StemSeparator separator;
    private final ObjectMapper mapper;
    private final Path scratchRoot;
    private final StemPublisher publisher;

    /**
     * @param separator   the engine
     * @param mapper      JSON mapper of the result
     * @param scratchRoot folder for the stems while they are computed (a private folder per job
     *                    is made and removed inside it)
     * @param publisher   how finished stems are stored
     */
    SeparationStage(StemSeparator separator, ObjectMapper mapper, Path scratchRoot, StemPublisher publisher) {
        this.separator = separator;
        this.mapper = mapper;
        this.scratchRoot = scratchRoot;
        this.publisher = publisher;
    }

    /** With ffmpeg from the environment for FLAC output. */
    public static SeparationStage create(StemSeparator separator, ObjectMapper mapper, Path scratchRoot) {
        return new SeparationStage(separator, mapper, scratchRoot, new StemPublisher(FfmpegDecoder.Tools.fromEnvironment()));
    }

    @Override
    public Stage stage() {
        return Stage.SEPARATION;
    }

    @Override
    public String name() {
        return separator.name();
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        SeparationOptions options = SeparationOptions.parse(input.options(), separator.produces(), separator.name());
        if (options.format() == SeparationOptions.Format.FLAC && publisher.flacUnavailableReason() != null) {
            throw new ProcessingException(ErrorCode.ENGINE_UNAVAILABLE, publisher.flacUnavailableReason(), false);
        }
        Path scratch = null;
        try {
            Files.createDirectories(scratchRoot);
            scratch = Files.createTempDirectory(scratchRoot, "separation-" + input.jobId() + "-");
            AudioFormat format;
            long frames;
            StemFiles files;
            try (AudioSource source = AudioFiles.open(input.audio())) {
                format = source.format();
                files = new StemFiles(scratch, options.stems(), format.sampleRate(), format.channels(), options.encoding());
                try (files) {
                    frames = separator.separate(source, files, fraction -> progress.progress(0.95 * fraction));
                }
            }
            List<String> names = publisher.publish(files, options.stems(), options.format(), options.encoding(),
                    input.outputs());
            progress.progress(1.0);
            return new EngineResult(result(format, frames, options, files, names));
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.STORAGE_ERROR, "could not read the input or store the stems: "
                    + e.getMessage(), true, e);
        } finally {
            // scratch files left behind are not the job's failure; the OS temp cleaner gets them
            ScratchFolders.delete(scratch);
        }
    }

    private ObjectNode result(AudioFormat format, long frames, SeparationOptions options, StemFiles files,
                              List<String> names) {
        ObjectNode result = mapper.createObjectNode();
        result.put("engine", separator.name());
        for (Map.Entry<String, String> detail : separator.details().entrySet()) {
            result.put(detail.getKey(), detail.getValue());
        }
        result.put("sample_rate", format.sampleRate());
        result.put("channels", format.channels());
        result.put("frames", frames);
        result.put("duration_s", Math.round(1000.0 * frames / format.sampleRate()) / 1000.0);
        result.put("format", options.format().extension());
        result.put("encoding", options.encodingName());
        ArrayNode stems = result.putArray("stems");
        for (int i = 0; i < names.size(); i++) {
            Stem stem = options.stems().get(i);
            ObjectNode s = stems.addObject();
            s.put("name", stem.id());
            s.put("file", names.get(i));
            s.put("rms_dbfs", files.level(stem).rmsDbfs());
            s.put("peak_dbfs", files.level(stem).peakDbfs());
        }
        return result;
    }
}
