package org.audiomesh.transcription.diarization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Energy voice-activity detection over 10 ms frames. A frame is speech when its level is above
 * {@code floor + max(6 dB, 0.3 * (peak - floor))}, where floor and peak are the 10th and 97th
 * percentiles of all frame levels of the recording; gaps shorter than {@link #MIN_GAP_FRAMES}
 * are closed, then runs shorter than {@link #MIN_RUN_FRAMES} dropped. The per-frame levels
 * take 4 bytes per 10 ms (1.4 MB per hour).
 */
public final class SpeechActivity {
    static final int MIN_GAP_FRAMES = 20;
    static final int MIN_RUN_FRAMES = 20;
    private static final double SILENCE_DB = -100;

    /** Frames {@code [first, last)} of one speech run. */
    public record Run(int first, int last) {
        public int length() {
            return last - first;
        }
    }

    private SpeechActivity() {
    }

    /** Level in dB (full scale = 0 dB) of {@code n} samples from {@code start}. */
    static float levelDb(float[] signal, int start, int n) {
        double e = 0;
        for (int i = start; i < start + n; i++) {
            e += signal[i] * signal[i];
        }
        return (float) Math.max(SILENCE_DB, 10 * Math.log10(e / n + 1e-12));
    }

    /**
     * @param levels per-frame level in dB, {@code levels[t]} for frame t
     * @param frames number of valid entries
     * @return speech runs in time order
     */
    public static List<Run> detect(float[] levels, int frames) {
        if (frames == 0) {
            return List.of();
        }
        float[] sorted = Arrays.copyOf(levels, frames);
        Arrays.sort(sorted);
        double floor = sorted[(int) (0.10 * (frames - 1))];
        double peak = sorted[(int) (0.97 * (frames - 1))];
        double threshold = floor + Math.max(6, 0.3 * (peak - floor));
        List<Run> runs = new ArrayList<>();
        int t = 0;
        while (t < frames) {
            while (t < frames && levels[t] <= threshold) {
                t++;
            }
            if (t == frames) {
                break;
            }
            int first = t;
            int last = t;
            // extend over speech and over gaps shorter than MIN_GAP_FRAMES
            while (t < frames) {
                if (levels[t] > threshold) {
                    last = ++t;
                } else if (t - last < MIN_GAP_FRAMES) {
                    t++;
                } else {
                    break;
                }
            }
            if (last - first >= MIN_RUN_FRAMES) {
                runs.add(new Run(first, last));
            }
            t = last;
            while (t < frames && levels[t] <= threshold) {
                t++;
            }
        }
        return runs;
    }
}
