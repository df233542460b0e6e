package org.audiomesh.transcription.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * Speech regions from per-window VAD probabilities, with Silero's rules: speech starts at a
 * window at or above {@code threshold}, ends after {@code minSilence} below
 * {@code threshold - 0.15}; regions shorter than {@code minSpeech} are dropped; each region is
 * padded by {@code pad} on both sides (never past its neighbours or the audio).
 */
public final class SpeechRegions {
    /** A region of speech, in samples {@code [start, end)}. */
    public record Region(long start, long end) {
        public long length() {
            return end - start;
        }
    }

    /**
     * @param threshold       speech probability that starts speech (Silero's default 0.5)
     * @param minSpeechMs     shortest region kept (250)
     * @param minSilenceMs    silence that ends a region (100)
     * @param padMs           padding on each side (30)
     */
    public record Settings(double threshold, int minSpeechMs, int minSilenceMs, int padMs) {
        public static Settings defaults() {
            return new Settings(0.5, 250, 100, 30);
        }
    }

    private SpeechRegions() {
    }

    /**
     * @param probabilities one per window of {@code window} samples
     * @param totalSamples  length of the audio
     */
    public static List<Region> of(float[] probabilities, int count, int window, long totalSamples, int rate,
                                  Settings s) {
        double neg = Math.max(s.threshold() - 0.15, 0.01);
        long minSpeech = (long) s.minSpeechMs() * rate / 1000;
        long minSilence = (long) s.minSilenceMs() * rate / 1000;
        long pad = (long) s.padMs() * rate / 1000;
        List<Region> raw = new ArrayList<>();
        boolean triggered = false;
        long start = 0;
        long tempEnd = -1;
        for (int i = 0; i < count; i++) {
            long sample = (long) i * window;
            float p = probabilities[i];
            if (p >= s.threshold() && tempEnd >= 0) {
                tempEnd = -1;
            }
            if (p >= s.threshold() && !triggered) {
                triggered = true;
                start = sample;
                continue;
            }
            if (p < neg && triggered) {
                if (tempEnd < 0) {
                    tempEnd = sample;
                }
                if (sample - tempEnd < minSilence) {
                    continue;
                }
                if (tempEnd - start >= minSpeech) {
                    raw.add(new Region(start, tempEnd));
                }
                triggered = false;
                tempEnd = -1;
            }
        }
        if (triggered && totalSamples - start >= minSpeech) {
            raw.add(new Region(start, totalSamples));
        }
        List<Region> padded = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Region r = raw.get(i);
            long lo = Math.max(0, r.start() - pad);
            long hi = Math.min(totalSamples, r.end() + pad);
            if (i > 0) {
                lo = Math.max(lo, (raw.get(i - 1).end() + r.start()) / 2);
            }
            if (i + 1 < raw.size()) {
                hi = Math.min(hi, (r.end() + raw.get(i + 1).start()) / 2);
            }
            padded.add(new Region(lo, hi));
        }
        return padded;
    }
}
