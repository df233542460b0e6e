package org.audiomesh.transcription.diarization;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaker diarization without trained weights: energy voice activity ({@link SpeechActivity}),
 * speech cut into windows of about {@link #WINDOW_FRAMES} frames (1 s), each window described by
 * the Gaussian statistics of its MFCC frames ({@link Mfcc}), windows clustered by BIC
 * ({@link SpeakerClustering}), neighbouring windows of one cluster joined into turns.
 *
 * <p>Two streaming passes over the file (levels, then cepstra of the speech frames), so memory
 * grows only by 4 bytes per 10 ms of audio (the frame levels, 1.4 MB per hour) plus about 300
 * bytes per window of speech. Thread-safe: each call has its own buffers.
 */
public final class Diarizer implements SpeakerDiarizer {
    static final int WINDOW_FRAMES = 100;
    /** Turns of one speaker closer than this (seconds) are joined. */
    static final double JOIN_GAP = 1.0;
    /** BIC penalty weight, the usual 1. */
    public static final double LAMBDA = 1.0;
    /**
     * Largest log-likelihood loss per frame (nats) of merging two clusters of at least 3 s of
     * speech into one speaker. Chosen on the recordings of {@code DiarizerTest}: merges within
     * one speaker (a LibriVox reader, one espeak voice) lost 0.16 to 0.37, the merge of the
     * LibriVox reader with the different speaker of pocketsphinx-testdata's {@code cards} 0.63,
     * that of two espeak voices 1.46.
     */
    public static final double MAX_LOSS_PER_FRAME = 0.5;

    private final SpeakerClustering clustering;

    public Diarizer() {
        this(MAX_LOSS_PER_FRAME);
    }

    /** @param maxLossPerFrame see {@link #MAX_LOSS_PER_FRAME} */
    public Diarizer(double maxLossPerFrame) {
        this.clustering = new SpeakerClustering(LAMBDA, maxLossPerFrame);
    }

    @Override
    public List<SpeakerTurn> diarize(Path audio, int numSpeakers) throws IOException {
        float[][] levels = {new float[1 << 16]};
        int frames;
        try (AudioSource mono = AudioFiles.openMono(audio, Mfcc.RATE)) {
            frames = FrameStream.run(mono, (t, signal, start) -> {
                if (t == levels[0].length) {
                    levels[0] = java.util.Arrays.copyOf(levels[0], t * 2);
                }
                levels[0][t] = SpeechActivity.levelDb(signal, start + FrameStream.LEAD, FrameStream.ENERGY_SPAN);
            });
        }
        List<SpeechActivity.Run> runs = SpeechActivity.detect(levels[0], frames);
        if (runs.isEmpty()) {
            return List.of();
        }
        // window w covers frames [windowFirst[w], windowLast[w])
        List<int[]> windows = new ArrayList<>();
        for (SpeechActivity.Run r : runs) {
            int count = Math.max(1, Math.round((float) r.length() / WINDOW_FRAMES));
            for (int k = 0; k < count; k++) {
                windows.add(new int[] {r.first() + r.length() * k / count, r.first() + r.length() * (k + 1) / count});
            }
        }
        List<GaussianStats> stats = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            stats.add(new GaussianStats(Mfcc.COEFFICIENTS));
        }
        Mfcc mfcc = new Mfcc();
        float[] coefficients = new float[Mfcc.COEFFICIENTS];
        int[] current = {0}; // frames arrive in order, so the window they fall in only moves forward
        try (AudioSource mono = AudioFiles.openMono(audio, Mfcc.RATE)) {
            FrameStream.run(mono, (t, signal, start) -> {
                while (current[0] < windows.size() && t >= windows.get(current[0])[1]) {
                    current[0]++;
                }
                if (current[0] < windows.size() && t >= windows.get(current[0])[0]) {
                    mfcc.frame(signal, start, coefficients);
                    stats.get(current[0]).add(coefficients);
                }
            });
        }
        int[] label = clustering.cluster(stats, numSpeakers);
        List<SpeakerTurn> turns = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            double start = FrameStream.seconds(windows.get(w)[0]);
            double end = FrameStream.seconds(windows.get(w)[1] - 1) + (double) FrameStream.ENERGY_SPAN / Mfcc.RATE;
            String speaker = "Speaker " + (label[w] + 1);
            SpeakerTurn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.speaker().equals(speaker) && start - last.end() <= JOIN_GAP) {
                turns.set(turns.size() - 1, new SpeakerTurn(last.start(), end, speaker));
            } else {
                turns.add(new SpeakerTurn(start, end, speaker));
            }
        }
        return turns;
    }
}
