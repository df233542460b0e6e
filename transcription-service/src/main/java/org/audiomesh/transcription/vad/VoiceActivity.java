package org.audiomesh.transcription.vad;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@link SileroVad} over a whole file (streamed as 16 kHz mono, one window in memory) and
 * returns the speech probability of every 32 ms window and the speech regions.
 *
 * @param probabilities one per {@value SileroVad#WINDOW}-sample window; {@code count} are valid
 * @param count         windows analysed
 * @param totalSamples  length of the file at 16 kHz
 * @param regions       speech, in samples at 16 kHz
 */
public record VoiceActivity(float[] probabilities, int count, long totalSamples, List<SpeechRegions.Region> regions) {

    /** Seconds of speech found. */
    public double speechSeconds() {
        return regions.stream().mapToLong(SpeechRegions.Region::length).sum() / (double) SileroVad.RATE;
    }

    /**
     * @param progress called after every 10 s of audio with the seconds done; may throw to cancel
     */
    public static VoiceActivity detect(Path audio, SileroVad vad, SpeechRegions.Settings settings,
                                       java.util.function.DoubleConsumer progress) throws IOException {
        float[] probs = new float[1024];
        int count = 0;
        long total = 0;
        float[] window = new float[SileroVad.WINDOW];
        float[] scratch = new float[SileroVad.WINDOW];
        SileroVad.Stream stream = vad.stream();
        try (AudioSource mono = AudioFiles.openMono(audio, SileroVad.RATE)) {
            while (true) {
                int filled = 0;
                while (filled < window.length) {
                    int n = mono.read(scratch, window.length - filled);
                    if (n < 0) {
                        break;
                    }
                    System.arraycopy(scratch, 0, window, filled, n);
                    filled += n;
                }
                if (filled == 0) {
                    break;
                }
                if (count == probs.length) {
                    probs = Arrays.copyOf(probs, count * 2);
                }
                probs[count++] = stream.next(window, filled);
                total += filled;
                if (count % 312 == 0) {
                    progress.accept(total / (double) SileroVad.RATE);
                }
                if (filled < window.length) {
                    break;
                }
            }
        }
        return new VoiceActivity(probs, count, total,
                SpeechRegions.of(probs, count, SileroVad.WINDOW, total, SileroVad.RATE, settings));
    }
}
