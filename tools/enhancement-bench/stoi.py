#!/usr/bin/env python3
"""Short-Time Objective Intelligibility (STOI), numpy only.

After Taal, Hendriks, Heusdens and Jensen, "An Algorithm for Intelligibility Prediction of
Time-Frequency Weighted Noisy Speech", IEEE TASLP 19(7), 2011:
  1. both signals at 10 kHz (here: band-limited resampling by FFT over the whole clip);
  2. frames of 256 samples (Hann), hop 128, whose clean energy is more than 40 dB under the
     loudest clean frame are dropped from both signals (the rest overlap-added again);
  3. 512-point spectra of the same framing, grouped into 15 one-third-octave bands from 150 Hz
     (band edges at the nearest FFT bin), band magnitudes = root of the summed powers;
  4. per band, segments of 30 frames (384 ms): the processed envelope is scaled to the clean one's
     energy and clipped at (1 + 10^(15/20)) times the clean envelope (signal-to-distortion floor
     -15 dB), then correlated with the clean envelope;
  5. STOI = the mean correlation over bands and segments (about 0.4 for unintelligible, 1 for
     identical signals).
Usage as a module: stoi(clean, processed, rate). Run directly, it checks itself on a synthetic
signal (identical signals give 1, more noise gives less).
"""
import numpy as np

RATE = 10000
FRAME = 256
HOP = 128
NFFT = 512
BANDS = 15
LOWEST_CENTRE_HZ = 150.0
SEGMENT = 30
CLIP = 10 ** (15 / 20)
DYNAMIC_RANGE_DB = 40


def _window():
    # the symmetric Hann of length FRAME without its two zero end points (MATLAB's hanning)
    return np.hanning(FRAME + 2)[1:-1]


def _third_octave_matrix():
    freqs = np.arange(NFFT // 2 + 1) * RATE / NFFT
    k = np.arange(BANDS, dtype=float)
    low = LOWEST_CENTRE_HZ * 2 ** ((2 * k - 1) / 6)
    high = LOWEST_CENTRE_HZ * 2 ** ((2 * k + 1) / 6)
    matrix = np.zeros((BANDS, len(freqs)))
    for b in range(BANDS):
        lo = int(np.argmin((freqs - low[b]) ** 2))
        hi = int(np.argmin((freqs - high[b]) ** 2))
        matrix[b, lo:hi] = 1
    return matrix


def resample(x, rate_in, rate_out):
    """Band-limited resampling of a whole signal through its spectrum."""
    if rate_in == rate_out:
        return np.asarray(x, dtype=float)
    n_out = int(round(len(x) * rate_out / rate_in))
    spectrum = np.fft.rfft(x)
    bins_out = n_out // 2 + 1
    if bins_out <= len(spectrum):
        spectrum = spectrum[:bins_out]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins_out - len(spectrum), dtype=complex)])
    return np.fft.irfft(spectrum, n_out) * (n_out / len(x))


def _drop_silent_frames(x, y):
    w = _window()
    starts = range(0, len(x) - FRAME, HOP)
    levels = np.array([20 * np.log10(np.linalg.norm(w * x[s:s + FRAME]) + np.finfo(float).eps) for s in starts])
    keep = levels > np.max(levels) - DYNAMIC_RANGE_DB
    kept = int(np.sum(keep))
    out_x = np.zeros((kept - 1) * HOP + FRAME)
    out_y = np.zeros_like(out_x)
    j = 0
    for s, k in zip(starts, keep):
        if k:
            out_x[j * HOP:j * HOP + FRAME] += w * x[s:s + FRAME]
            out_y[j * HOP:j * HOP + FRAME] += w * y[s:s + FRAME]
            j += 1
    return out_x, out_y


def _band_envelopes(x, matrix):
    w = _window()
    frames = np.array([np.fft.rfft(w * x[s:s + FRAME], NFFT) for s in range(0, len(x) - FRAME, HOP)])
    return np.sqrt(matrix @ (np.abs(frames) ** 2).T)  # (bands, frames)


def stoi(clean, processed, rate):
    n = min(len(clean), len(processed))
    x = resample(np.asarray(clean[:n], dtype=float), rate, RATE)
    y = resample(np.asarray(processed[:n], dtype=float), rate, RATE)
    x, y = _drop_silent_frames(x, y)
    matrix = _third_octave_matrix()
    xb = _band_envelopes(x, matrix)
    yb = _band_envelopes(y, matrix)
    frames = xb.shape[1]
    if frames < SEGMENT:
        raise ValueError("too short for STOI: %d frames after dropping silence, %d needed" % (frames, SEGMENT))
    scores = []
    for m in range(SEGMENT, frames + 1):
        xs = xb[:, m - SEGMENT:m]
        ys = yb[:, m - SEGMENT:m]
        scale = np.sqrt(np.sum(xs ** 2, axis=1) / (np.sum(ys ** 2, axis=1) + 1e-30))
        yc = np.minimum(ys * scale[:, None], xs * (1 + CLIP))
        xc = xs - xs.mean(axis=1, keepdims=True)
        yc = yc - yc.mean(axis=1, keepdims=True)
        num = np.sum(xc * yc, axis=1)
        den = np.sqrt(np.sum(xc ** 2, axis=1) * np.sum(yc ** 2, axis=1)) + 1e-30
        scores.append(num / den)
    return float(np.mean(scores))


def _self_check():
    rng = np.random.default_rng(3)
    rate = 16000
    t = np.arange(3 * rate) / rate
    # a "speech-like" signal: harmonics of a gliding pitch, switched on and off at syllable rate
    f0 = 120 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    voiced = sum(np.sin(h * phase) / h for h in range(1, 20))
    envelope = (np.sin(2 * np.pi * 4 * t) > -0.2).astype(float)
    clean = voiced * envelope
    assert abs(stoi(clean, clean, rate) - 1) < 1e-6, "identical signals"
    noise = rng.standard_normal(len(clean)) * np.std(clean)
    values = [stoi(clean, clean + noise * 10 ** (-snr / 20), rate) for snr in (20, 5, -5, -15)]
    assert all(a > b for a, b in zip(values, values[1:])), values
    print("self-check passed: STOI at 20/5/-5/-15 dB SNR =", " ".join("%.3f" % v for v in values))


if __name__ == "__main__":
    _self_check()
