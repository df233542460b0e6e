package org.audiomesh.transcription.diarization;

import org.audiomesh.common.dsp.MelFilterbank;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;

/**
 * Mel-frequency cepstral coefficients of 16 kHz speech for speaker comparison: 512-sample
 * (32 ms) periodic-Hann frames, power spectrum, 40 Slaney mel bands from 20 Hz to 8 kHz
 * ({@link MelFilterbank}), natural log, orthonormal DCT-II ({@link Dct}); coefficient 0
 * (loudness) is dropped, so {@link #COEFFICIENTS} = c1..c19 describe the spectral envelope only.
 *
 * <p>Holds an FFT plan and buffers: not thread-safe, one per thread; allocates nothing per frame.
 */
public final class Mfcc {
    public static final int RATE = 16_000;
    public static final int FRAME = 512;
    public static final int BANDS = 40;
    public static final int COEFFICIENTS = 19;

    private final Stft stft = new Stft(FRAME, FRAME / 2, Window.hannPeriodic(FRAME));
    private final MelFilterbank mel = new MelFilterbank(RATE, FRAME, BANDS, 20, RATE / 2.0);
    private final Dct dct = new Dct(BANDS, COEFFICIENTS + 1);
    private final float[] power = new float[FRAME / 2 + 1];
    private final float[] bands = new float[BANDS];
    private final float[] cepstrum = new float[COEFFICIENTS + 1];

    /**
     * @param signal samples at 16 kHz; those outside the array read as zero
     * @param start  index of the frame's first sample
     * @param out    receives {@code float[COEFFICIENTS]}, c1..c19
     */
    public void frame(float[] signal, int start, float[] out) {
        stft.powerFrame(signal, start, power);
        mel.apply(power, bands);
        for (int m = 0; m < BANDS; m++) {
            bands[m] = (float) Math.log(Math.max(bands[m], 1e-10f));
        }
        dct.apply(bands, cepstrum);
        System.arraycopy(cepstrum, 1, out, 0, COEFFICIENTS);
    }
}
