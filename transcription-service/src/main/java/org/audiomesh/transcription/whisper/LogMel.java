package org.audiomesh.transcription.whisper;

import org.audiomesh.common.dsp.MelFilterbank;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;

/**
 * Whisper's log-mel front end, as openai/whisper {@code audio.py} computes it for
 * {@code transcribe}: the 16 kHz audio followed by 30 s of zeros; STFT with n_fft 400, hop 160,
 * periodic Hann, centred with reflect padding, last frame dropped; power spectrum; Slaney mel
 * filters (librosa's {@code mel(sr=16000, n_fft=400, n_mels)}); {@code log10(max(x, 1e-10))};
 * clamped to the maximum minus 8; {@code (x + 4) / 4}. A 30 s window of it ({@link #window}) is
 * the encoder's input, zero-filled past the audio.
 *
 * <p>Only the frames of the audio and the few that overlap its end are computed: the rest of
 * the padding is silence, whose value is the clamp floor and never the maximum.
 */
public final class LogMel {
    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    /** Frames in a 30 s window. */
    public static final int N_FRAMES = 3000;
    /** Samples in a 30 s window. */
    public static final int N_SAMPLES = N_FRAMES * HOP;

    private final int mels;
    private final int frames;
    private final int contentFrames;
    private final float[] values; // [mel][frame], frames = computed frames
    private final float silence;  // value of the frames of padding not computed

    private LogMel(int mels, int frames, int contentFrames, float[] values, float silence) {
        this.mels = mels;
        this.frames = frames;
        this.contentFrames = contentFrames;
        this.values = values;
        this.silence = silence;
    }

    /**
     * @param audio 16 kHz mono samples
     * @param mels  80 or 128
     */
    public static LogMel of(float[] audio, int mels) {
        int padded = audio.length + N_SAMPLES;
        int contentFrames = audio.length / HOP;
        // frames past the audio by more than n_fft/2 see only padding zeros
        int frames = Math.min(padded / HOP, contentFrames + N_FFT / HOP + 2);
        float[] x = new float[frames * HOP + N_FFT];
        int half = N_FFT / 2;
        for (int i = 0; i < x.length; i++) {
            int src = i - half;
            if (src < 0) {
                src = -src; // reflect: x[-k] = x[k]
            }
            x[i] = src < padded ? sample(audio, src) : 0f;
        }
        Stft stft = new Stft(N_FFT, HOP, Window.hannPeriodic(N_FFT));
        MelFilterbank bank = new MelFilterbank(SAMPLE_RATE, N_FFT, mels, 0, SAMPLE_RATE / 2.0);
        float[] power = new float[stft.bins()];
        float[] band = new float[mels];
        float[] values = new float[mels * frames];
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            stft.powerFrame(x, t * HOP, power);
            bank.apply(power, band);
            for (int m = 0; m < mels; m++) {
                float v = (float) Math.log10(Math.max(band[m], 1e-10f));
                values[m * frames + t] = v;
                max = Math.max(max, v);
            }
        }
        if (padded / HOP > frames) {
            max = Math.max(max, -10f); // the silent padding frames
        }
        float floor = max - 8f;
        for (int i = 0; i < values.length; i++) {
            values[i] = (Math.max(values[i], floor) + 4f) / 4f;
        }
        return new LogMel(mels, frames, contentFrames, values, (Math.max(-10f, floor) + 4f) / 4f);
    }

    private static float sample(float[] audio, int i) {
        return i < audio.length ? audio[i] : 0f;
    }

    public int mels() {
        return mels;
    }

    /** Frames of audio (the padding's excluded): {@code samples / 160}. */
    public int contentFrames() {
        return contentFrames;
    }

    /** Value of band {@code mel} at frame {@code frame} (a frame inside the audio or just past it). */
    public float value(int mel, int frame) {
        return values[mel * frames + frame];
    }

    /**
     * The first 3000 frames of the padded log-mel, padding included (as {@code pad_or_trim(mel)}
     * over the whole padded spectrogram, which {@code transcribe} uses for language detection).
     */
    public float[] paddedWindow() {
        float[] out = new float[mels * N_FRAMES];
        int n = Math.min(frames, N_FRAMES);
        for (int m = 0; m < mels; m++) {
            System.arraycopy(values, m * frames, out, m * N_FRAMES, n);
            java.util.Arrays.fill(out, m * N_FRAMES + n, (m + 1) * N_FRAMES, silence);
        }
        return out;
    }

    /**
     * The encoder input for frames {@code [seek, seek + size)}: {@code [mels][3000]} row-major,
     * zero past {@code size} (as {@code pad_or_trim}).
     */
    public float[] window(int seek, int size) {
        float[] out = new float[mels * N_FRAMES];
        int n = Math.min(size, Math.min(N_FRAMES, frames - seek));
        for (int m = 0; m < mels; m++) {
            System.arraycopy(values, m * frames + seek, out, m * N_FRAMES, Math.max(0, n));
        }
        return out;
    }
}
