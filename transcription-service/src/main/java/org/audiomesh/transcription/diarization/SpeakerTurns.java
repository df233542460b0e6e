package org.audiomesh.transcription.diarization;

import org.audiomesh.transcription.transcript.Segment;

import java.util.List;

/** Answers "who spoke at this time" from a diarization, for labelling recognised words. */
public final class SpeakerTurns {
    /** A word this far (seconds) from every turn is not attributed to anyone. */
    static final double MAX_DISTANCE = 1.0;
    private final List<SpeakerTurn> turns;

    /** @param turns in time order, not overlapping */
    public SpeakerTurns(List<SpeakerTurn> turns) {
        this.turns = List.copyOf(turns);
    }

    /** No diarization: every word is {@value Segment#UNKNOWN_SPEAKER}. */
    public static SpeakerTurns unknown() {
        return new SpeakerTurns(List.of());
    }

    public List<SpeakerTurn> turns() {
        return turns;
    }

    /**
     * The speaker of the turn overlapping {@code [start, end]} (seconds) most, else of the nearest
     * turn within {@link #MAX_DISTANCE}, else {@value Segment#UNKNOWN_SPEAKER}.
     */
    public String speakerOf(double start, double end) {
        String best = Segment.UNKNOWN_SPEAKER;
        double bestOverlap = 0;
        double bestDistance = MAX_DISTANCE;
        for (SpeakerTurn t : turns) {
            double overlap = Math.min(end, t.end()) - Math.max(start, t.start());
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = t.speaker();
            } else if (bestOverlap == 0 && overlap <= 0) {
                double distance = -overlap;
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = t.speaker();
                }
            }
        }
        return best;
    }
}
