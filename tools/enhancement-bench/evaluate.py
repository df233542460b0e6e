#!/usr/bin/env python3
"""Scores enhanced clips against their clean references: SI-SDR, segmental SNR and STOI.

Usage: evaluate.py SET_DIR SYSTEM [SYSTEM ...]
Each SYSTEM is a folder SET_DIR/out/SYSTEM/ holding one enhanced file per noisy clip, with the
noisy clip's path under noisy/ (e.g. out/ours/noisy/x__white__+0.wav); the pseudo-system
"noisy" scores the unprocessed input. Prints Markdown tables and writes SET_DIR/scores.json.

SI-SDR (Le Roux et al. 2019): both signals made zero-mean, the reference scaled by the
least-squares factor, 10 log10 of target power over residual power (dB).
Segmental SNR: 32 ms frames, 16 ms hop, per-frame SNR clipped to [-10, 35] dB, averaged over the
frames whose clean energy is within 40 dB of the loudest clean frame (speech-active frames).
STOI (Taal et al. 2011, stoi.py): short-time intelligibility, 0.4 (none) to 1 (identical).
Improvement = system score - noisy score, per clip, then averaged.
Before scoring, each output is aligned to its reference by the lag (within +-100 ms) that
maximises their cross-correlation: some peers delay their output (ffmpeg afftdn by 25 ms at
16 kHz); a constant delay is not what is measured here.
"""
import json
import os
import sys
import wave

import numpy as np

from stoi import stoi


def read(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, path
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768
        if w.getnchannels() > 1:
            x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        return x


def sample_rate(path):
    with wave.open(path, "rb") as w:
        return w.getframerate()


def align(est, ref, max_lag=1600):
    """est shifted by the lag (samples) that best matches ref, zero-padded to ref's length."""
    n = min(len(est), len(ref))
    spec = np.fft.rfft(est[:n], 2 * n) * np.conj(np.fft.rfft(ref[:n], 2 * n))
    corr = np.fft.irfft(spec, 2 * n)
    lags = np.concatenate([np.arange(0, max_lag + 1), np.arange(-max_lag, 0)])
    values = np.concatenate([corr[:max_lag + 1], corr[-max_lag:]])
    lag = int(lags[np.argmax(values)])
    out = np.zeros(len(ref))
    if lag >= 0:
        m = min(len(ref), len(est) - lag)
        out[:m] = est[lag:lag + m]
    else:
        m = min(len(ref) + lag, len(est))
        out[-lag:-lag + m] = est[:m]
    return out


def si_sdr(est, ref):
    n = min(len(est), len(ref))
    est = est[:n] - np.mean(est[:n])
    ref = ref[:n] - np.mean(ref[:n])
    alpha = np.dot(est, ref) / (np.dot(ref, ref) + 1e-20)
    target = alpha * ref
    return 10 * np.log10((np.sum(target ** 2) + 1e-20) / (np.sum((est - target) ** 2) + 1e-20))


def seg_snr(est, ref, frame=512, hop=256):
    n = min(len(est), len(ref))
    est, ref = est[:n], ref[:n]
    energies, snrs = [], []
    for s in range(0, n - frame + 1, hop):
        r = ref[s:s + frame]
        e = r - est[s:s + frame]
        er = np.sum(r ** 2)
        energies.append(er)
        snrs.append(np.clip(10 * np.log10((er + 1e-20) / (np.sum(e ** 2) + 1e-20)), -10, 35))
    energies = np.array(energies)
    active = energies >= np.max(energies) * 1e-4
    return float(np.mean(np.array(snrs)[active]))


def main():
    root = sys.argv[1]
    systems = sys.argv[2:]
    rows = []
    with open(os.path.join(root, "manifest.tsv")) as f:
        next(f)
        for line in f:
            noisy, clean, speech, noise, snr = line.rstrip("\n").split("\t")
            rows.append((noisy, clean, speech, noise, snr))
    scores = []
    for noisy, clean, speech, noise, snr in rows:
        ref = read(os.path.join(root, clean))
        rate = sample_rate(os.path.join(root, clean))
        base = read(os.path.join(root, noisy))
        entry = {"clip": noisy, "speech": speech, "noise": noise, "snr": snr}
        for system in ["noisy"] + systems:
            path = os.path.join(root, noisy) if system == "noisy" else os.path.join(root, "out", system, noisy)
            x = align(read(path), ref) if system != "noisy" else base
            entry[system] = {"si_sdr": float(si_sdr(x, ref)),
                             "seg_snr": seg_snr(x, ref),
                             "stoi": stoi(ref, x, rate)}
        scores.append(entry)
    with open(os.path.join(root, "scores.json"), "w") as f:
        json.dump(scores, f, indent=1)

    noisy_rows = [s for s in scores if s["noise"] != "clean"]
    clean_rows = [s for s in scores if s["noise"] == "clean"]

    def mean(vals):
        return float(np.mean(vals)) if vals else float("nan")

    def table(title, key, group_key, groups, fmt="%+.2f", base_fmt="%.2f"):
        print("\n### %s\n" % title)
        print("| %s | noisy | %s |" % (group_key, " | ".join(systems)))
        print("|---" * (2 + len(systems)) + "|")
        for g in groups + ["all"]:
            sel = [s for s in noisy_rows if g == "all" or s[group_key] == g]
            base = mean([s["noisy"][key] for s in sel])
            cells = [base_fmt % base]
            for system in systems:
                cells.append(fmt % mean([s[system][key] - s["noisy"][key] for s in sel]))
            print("| %s | %s |" % (g, " | ".join(cells)))

    snrs = sorted({s["snr"] for s in noisy_rows}, key=float)
    noises = sorted({s["noise"] for s in noisy_rows})
    table("SI-SDR (dB): noisy input, then improvement per system, by input SNR", "si_sdr", "snr", snrs)
    table("SI-SDR improvement (dB) by noise type", "si_sdr", "noise", noises)
    table("Segmental SNR (dB): noisy input, then improvement per system, by input SNR", "seg_snr", "snr", snrs)
    table("STOI: noisy input, then change per system, by input SNR", "stoi", "snr", snrs, "%+.3f", "%.3f")
    table("STOI change by noise type", "stoi", "noise", noises, "%+.3f", "%.3f")
    if clean_rows:
        print("\n### Clean input (no noise added): SI-SDR of the output against the input (dB, higher = more transparent)\n")
        print("| %s |" % " | ".join(systems))
        print("|---" * len(systems) + "|")
        print("| %s |" % " | ".join("%.1f" % mean([s[system]["si_sdr"] for s in clean_rows]) for system in systems))
        print("\nSTOI of the output against the clean input:\n")
        print("| %s |" % " | ".join(systems))
        print("|---" * len(systems) + "|")
        print("| %s |" % " | ".join("%.3f" % mean([s[system]["stoi"] for s in clean_rows]) for system in systems))


if __name__ == "__main__":
    main()
