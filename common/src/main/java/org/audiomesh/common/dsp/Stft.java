package org.audiomesh.common.dsp;

/**
 * Forward short-time Fourier transform over a real signal, on {@link RealFft}.
 *
 * <p>A frame of {@code frameSize} samples starting at sample {@code start} is multiplied by the
 * analysis window and transformed into {@link #bins()} = {@code frameSize / 2 + 1} frequency
 * bins; bin {@code k} is centred on {@code k * sampleRate / frameSize} Hz. Samples before 0 or past
 * the end of the signal read as zero, so frames may hang over either edge. The whole-signal
 * methods use centred frames (as librosa's {@code center=True}): frame {@code t} covers samples
 * {@code [t*hop - frameSize/2, t*hop + frameSize/2)}, i.e. it is centred on sample
 * {@code t*hop}.
 *
 * <p>Complex spectra are interleaved {@code float[2 * bins]}: {@code re0, im0, re1, im1, ...}
 * with the engineering sign convention {@code X[k] = sum x[n] e^{-2 pi i k n / N}} (as numpy).
 *
 * <p>Holds an FFT plan and a scratch buffer: not thread-safe, create one per thread and reuse it
 * for every frame. The per-frame methods allocate nothing.
 */
public final class Stft {

    private final int frameSize;
    private final int hop;
    private final float[] window;
    private final RealFft fft;
    private final float[] scratch;

    /**
     * @param frameSize FFT length N in samples, even, at least 2
     * @param hop       hop H in samples between frames, 1..N
     * @param window    analysis window, {@code float[N]}; copied
     */
    public Stft(int frameSize, int hop, float[] window) {
        FrameGeometry.check(frameSize, hop, window);
        this.frameSize = frameSize;
        this.hop = hop;
        this.window = window.clone();
        this.fft = new RealFft(frameSize);
        this.scratch = new float[frameSize];
    }

    /** FFT length N in samples. */
    public int frameSize() {
        return frameSize;
    }

    /** Hop H in samples. */
    public int hop() {
        return hop;
    }

    /** Number of frequency bins, {@code N / 2 + 1}. */
    public int bins() {
        return frameSize / 2 + 1;
    }

    /** Number of centred frames for a signal of {@code signalLength} samples: {@code 1 + len / H}. */
    public int frameCount(int signalLength) {
        return 1 + signalLength / hop;
    }

    /**
     * Complex spectrum of one frame.
     *
     * @param signal      samples; those outside {@code [0, signal.length)} read as zero
     * @param start       index of the frame's first sample (may be negative)
     * @param spectrumOut receives {@code float[2 * bins]}, interleaved re/im
     */
    public void complexFrame(float[] signal, int start, float[] spectrumOut) {
        transform(signal, start);
        unpack(scratch, spectrumOut, frameSize);
    }

    /**
     * Magnitude spectrum {@code |X[k]|} of one frame.
     *
     * @param signal       samples; those outside {@code [0, signal.length)} read as zero
     * @param start        index of the frame's first sample (may be negative)
     * @param magnitudeOut receives {@code float[bins]}
     */
    public void magnitudeFrame(float[] signal, int start, float[] magnitudeOut) {
        powerFrame(signal, start, magnitudeOut);
        int bins = bins();
        for (int k = 0; k < bins; k++) {
            magnitudeOut[k] = (float) Math.sqrt(magnitudeOut[k]);
        }
    }

    /**
     * Power spectrum {@code |X[k]|^2} of one frame.
     *
     * @param signal   samples; those outside {@code [0, signal.length)} read as zero
     * @param start    index of the frame's first sample (may be negative)
     * @param powerOut receives {@code float[bins]}
     */
    public void powerFrame(float[] signal, int start, float[] powerOut) {
        transform(signal, start);
        float[] a = scratch;
        int half = frameSize / 2;
        powerOut[0] = a[0] * a[0];
        powerOut[half] = a[1] * a[1];
        for (int k = 1; k < half; k++) {
            float re = a[2 * k];
            float im = a[2 * k + 1];
            powerOut[k] = re * re + im * im;
        }
    }

    /**
     * Complex spectra of all centred frames of a signal held in memory.
     *
     * @return {@code float[frameCount(signal.length)][2 * bins]}
     */
    public float[][] complexFrames(float[] signal) {
        int frames = frameCount(signal.length);
        float[][] out = new float[frames][2 * bins()];
        for (int t = 0; t < frames; t++) {
            complexFrame(signal, t * hop - frameSize / 2, out[t]);
        }
        return out;
    }

    /**
     * Magnitude spectra of all centred frames of a signal held in memory.
     *
     * @return {@code float[frameCount(signal.length)][bins]}
     */
    public float[][] magnitudeFrames(float[] signal) {
        int frames = frameCount(signal.length);
        float[][] out = new float[frames][bins()];
        for (int t = 0; t < frames; t++) {
            magnitudeFrame(signal, t * hop - frameSize / 2, out[t]);
        }
        return out;
    }

    /** Windows the frame into {@code scratch} and runs the packed real FFT in place. */
    private void transform(float[] signal, int start) {
        float[] a = scratch;
        if (start >= 0 && start + frameSize <= signal.length) {
            for (int i = 0; i < frameSize; i++) {
                a[i] = signal[start + i] * window[i];
            }
        } else {
            for (int i = 0; i < frameSize; i++) {
                int s = start + i;
                a[i] = s >= 0 && s < signal.length ? signal[s] * window[i] : 0f;
            }
        }
        fft.forward(a);
    }

    /** JTransforms' packed layout (a[0]=Re0, a[1]=Re(N/2), a[2k..2k+1]=X[k]) to interleaved bins. */
    static void unpack(float[] packed, float[] interleaved, int n) {
        int half = n / 2;
        interleaved[0] = packed[0];
        interleaved[1] = 0f;
        System.arraycopy(packed, 2, interleaved, 2, n - 2);
        interleaved[2 * half] = packed[1];
        interleaved[2 * half + 1] = 0f;
    }

    /** Interleaved bins to JTransforms' packed layout; the imaginary parts of DC and Nyquist are dropped. */
    static void pack(float[] interleaved, float[] packed, int n) {
        int half = n / 2;
        packed[0] = interleaved[0];
        packed[1] = interleaved[2 * half];
        System.arraycopy(interleaved, 2, packed, 2, n - 2);
    }
}
