package org.audiomesh.transcription.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Groups recognised words into segments: a new segment starts at a pause of at least
 * {@link #PAUSE} seconds, at a change of speaker, or when the segment would exceed
 * {@link #MAX_DURATION} seconds.
 */
public final class Segmenter {
    public static final double PAUSE = 0.8;
    public static final double MAX_DURATION = 12.0;

    private Segmenter() {
    }

    /**
     * @param words     in time order
     * @param speakerOf speaker label of a time span (start, end in seconds)
     */
    public static List<Segment> segments(List<Word> words, BiFunction<Double, Double, String> speakerOf) {
        List<Segment> out = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        String speaker = null;
        for (Word w : words) {
            String s = speakerOf.apply(w.start(), w.end());
            if (!current.isEmpty()) {
                Word last = current.get(current.size() - 1);
                boolean split = w.start() - last.end() >= PAUSE || !s.equals(speaker)
                        || w.end() - current.get(0).start() > MAX_DURATION;
                if (split) {
                    out.add(Segment.of(out.size(), speaker, current));
                    current = new ArrayList<>();
                }
            }
            if (current.isEmpty()) {
                speaker = s;
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            out.add(Segment.of(out.size(), speaker, current));
        }
        return out;
    }
}
