package org.audiomesh.transcription.engine;

/**
 * What a client may ask of a recogniser beyond the language.
 *
 * @param translate translate into English instead of transcribing ({@code task=translate})
 * @param prompt    text that conditions the recogniser (e.g. names, known lyrics), or null
 * @param beamSize  beams for decoding; 1 is greedy
 */
public record RecognitionOptions(boolean translate, String prompt, int beamSize) {
    public static RecognitionOptions defaults() {
        return new RecognitionOptions(false, null, 1);
    }
}
