package org.audiomesh.common.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

/**
 * Entry points for reading audio files: pick the decoder by magic number, and chain the
 * streaming conversions (downmix, resampling) that every stage needs before its engine.
 */
public final class AudioFiles {
    private static final int CHUNK_FRAMES = 8192;
    /** Initial capacity {@link #readAll} trusts a declared frame count with (frames). */
    private static final int TRUSTED_INITIAL_FRAMES = 1 << 20;

    private AudioFiles() {
    }

    /**
     * Opens an audio file for streaming: WAV with {@link WavReader} (WAV encodings it does not
     * decode, such as ADPCM, go to ffmpeg when it is installed), MP3/FLAC/Ogg/MP4 with
     * {@link FfmpegDecoder}.
     *
     * @throws ProcessingException {@link ErrorCode#EMPTY_FILE}, {@link ErrorCode#UNSUPPORTED_FORMAT}
     *                             for an unrecognised magic number, {@link ErrorCode#CORRUPT_AUDIO},
     *                             {@link ErrorCode#DECODER_UNAVAILABLE}
     */
    public static AudioSource open(Path path) throws IOException {
        ContainerFormat container = container(path);
        if (container == ContainerFormat.WAV) {
            try {
                return WavReader.open(path);
            } catch (ProcessingException e) {
                if (!ErrorCode.UNSUPPORTED_FORMAT.equals(e.code()) || !FfmpegDecoder.available()) {
                    throw e;
                }
                return FfmpegDecoder.open(path);
            }
        }
        return FfmpegDecoder.open(path);
    }

    /** Opens a file as one channel at {@code sampleRate} Hz (mean of the channels, then resampled). */
    public static AudioSource openMono(Path path, int sampleRate) throws IOException {
        AudioSource source = open(path);
        return resampled(mono(source), sampleRate);
    }

    /** Sample rate (Hz), channels and frames of a file, reading as little of it as possible. */
    public static AudioFormat probe(Path path) throws IOException {
        ContainerFormat container = container(path);
        if (container == ContainerFormat.WAV) {
            try {
                return WavReader.probe(path);
            } catch (ProcessingException e) {
                if (!ErrorCode.UNSUPPORTED_FORMAT.equals(e.code()) || !FfmpegDecoder.available()) {
                    throw e;
                }
            }
        }
        return FfmpegDecoder.probe(path).format();
    }

    /**
     * Reads a source to its end into memory (the source is not closed). A declared frame count
     * only sizes the first allocation up to a limit, so a lying header cannot force a huge one.
     */
    public static AudioBuffer readAll(AudioSource source) throws IOException {
        AudioFormat f = source.format();
        int channels = f.channels();
        int capacity = (int) Math.max(CHUNK_FRAMES, Math.min(f.frames() + 1, TRUSTED_INITIAL_FRAMES));
        float[][] planar = new float[channels][capacity];
        float[] chunk = new float[CHUNK_FRAMES * channels];
        int frames = 0;
        int n;
        while ((n = source.read(chunk, CHUNK_FRAMES)) >= 0) {
            if ((long) frames + n > Integer.MAX_VALUE - 8) {
                throw ProcessingException.badInput(ErrorCode.AUDIO_TOO_LONG,
                        "audio too long to hold in memory: more than " + frames + " frames");
            }
            if (frames + n > capacity) {
                capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) frames + n, 2L * capacity));
                for (int c = 0; c < channels; c++) {
                    planar[c] = Arrays.copyOf(planar[c], capacity);
                }
            }
            for (int c = 0; c < channels; c++) {
                float[] dst = planar[c];
                for (int i = 0, j = c; i < n; i++, j += channels) {
                    dst[frames + i] = chunk[j];
                }
            }
            frames += n;
        }
        if (frames != capacity) {
            for (int c = 0; c < channels; c++) {
                planar[c] = Arrays.copyOf(planar[c], frames);
            }
        }
        return new AudioBuffer(f.sampleRate(), planar);
    }

    /** A source reading an in-memory buffer. */
    public static AudioSource of(AudioBuffer audio) {
        return new BufferSource(audio);
    }

    /** One channel, the mean of all channels, streamed; a mono source is returned as it is. */
    public static AudioSource mono(AudioSource source) {
        return source.format().channels() == 1 ? source : new DownmixSource(source);
    }

    /**
     * The source converted to {@code sampleRate} Hz by {@link Resampler}, streamed; a source
     * already at that rate is returned as it is.
     */
    public static AudioSource resampled(AudioSource source, int sampleRate) {
        return source.format().sampleRate() == sampleRate ? source : new ResamplingSource(source, sampleRate);
    }

    private static ContainerFormat container(Path path) throws IOException {
        if (Files.size(path) == 0) {
            throw ProcessingException.badInput(ErrorCode.EMPTY_FILE, "the file is empty");
        }
        ContainerFormat container = ContainerFormat.sniff(path);
        if (container == ContainerFormat.UNKNOWN) {
            throw ProcessingException.badInput(ErrorCode.UNSUPPORTED_FORMAT,
                    "not a recognised audio file (expected WAV, MP3, FLAC, Ogg or MP4/M4A)");
        }
        return container;
    }
}
