package org.audiomesh.transcription.diarization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Finds who spoke when in a recording. */
@FunctionalInterface
public interface SpeakerDiarizer {
    /**
     * @param audio       any file {@link org.audiomesh.common.audio.AudioFiles} opens
     * @param numSpeakers known number of speakers, or 0 to estimate it
     * @return turns in time order, labelled {@code Speaker 1}, {@code Speaker 2}, ... in order of
     * first appearance; empty when there is no speech
     */
    List<SpeakerTurn> diarize(Path audio, int numSpeakers) throws IOException;
}
