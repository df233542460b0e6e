#!/usr/bin/env python3
"""Scores separated stems against the true stems of a set made by make_set.py.

  score.py --set DIR --est NAME=EST_DIR [--est NAME=EST_DIR ...] [--json OUT.json]

EST_DIR holds one folder per song, named as in the set (song-001/ ...), with vocals.wav,
drums.wav, bass.wav and other.wav at the set's rate and length (a missing stem is an error).

Metrics, per song and stem, both over all samples of both channels:
  SDR     10 log10( sum s^2 / sum (s - e)^2 ): the "global" SDR of museval's newer
          definition as used by the Music Demixing Challenge 2021 and Demucs' papers
          (no distortion filter, no framing; eps 1e-7 in numerator and denominator)
  SI-SDR  scale-invariant SDR (Le Roux et al. 2019): e projected on s, a single scale for
          both channels, 10 log10( |a s|^2 / |a s - e|^2 )
Printed: the mean over the songs per stem and method, and each method's gain over the first
one given (normally "mixture").
"""
import argparse
import glob
import json
import os
import sys
import warnings

import numpy as np
from scipy.io import wavfile

STEMS = ("vocals", "drums", "bass", "other")
EPS = 1e-7
warnings.filterwarnings("ignore", category=wavfile.WavFileWarning)


def read(path):
    rate, x = wavfile.read(path)
    if x.dtype == np.int16:
        x = x / 32768.0
    elif x.dtype == np.int32:
        x = x / 2147483648.0
    x = np.asarray(x, dtype=np.float64)
    return rate, x if x.ndim == 2 else x[:, None]


def sdr(ref, est):
    return 10 * np.log10((np.sum(ref ** 2) + EPS) / (np.sum((ref - est) ** 2) + EPS))


def si_sdr(ref, est):
    r, e = ref.ravel(), est.ravel()
    a = np.dot(e, r) / (np.dot(r, r) + EPS)
    target = a * r
    return 10 * np.log10((np.sum(target ** 2) + EPS) / (np.sum((target - e) ** 2) + EPS))


def score(set_dir, est_dir):
    rows = []
    for song in sorted(glob.glob(os.path.join(set_dir, "song-*"))):
        name = os.path.basename(song)
        for stem in STEMS:
            rate, ref = read(os.path.join(song, stem + ".wav"))
            est_rate, est = read(os.path.join(est_dir, name, stem + ".wav"))
            if est_rate != rate or est.shape != ref.shape:
                sys.exit(f"{est_dir}/{name}/{stem}.wav: {est_rate} Hz {est.shape}, expected {rate} Hz {ref.shape}")
            rows.append({"song": name, "stem": stem, "sdr": sdr(ref, est), "si_sdr": si_sdr(ref, est)})
    if not rows:
        sys.exit(f"no songs in {set_dir}")
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", required=True)
    p.add_argument("--est", action="append", required=True, metavar="NAME=DIR")
    p.add_argument("--json", help="write every score here")
    a = p.parse_args()
    methods = [e.split("=", 1) for e in a.est]
    results = {name: score(a.set, d) for name, d in methods}
    means = {name: {stem: {m: float(np.mean([r[m] for r in rows if r["stem"] == stem]))
                           for m in ("sdr", "si_sdr")} for stem in STEMS} for name, rows in results.items()}
    base = methods[0][0]
    songs = len({r["song"] for r in results[base]})
    print(f"mean over {songs} songs; SDR / SI-SDR in dB; (+x) = SDR gain over {base}")
    print(f"| method | " + " | ".join(STEMS) + " |")
    print("| --- |" + " --- |" * len(STEMS))
    for name, _ in methods:
        cells = []
        for stem in STEMS:
            m = means[name][stem]
            gain = m["sdr"] - means[base][stem]["sdr"]
            cells.append(f"{m['sdr']:.2f} / {m['si_sdr']:.2f}" + ("" if name == base else f" ({gain:+.2f})"))
        print(f"| {name} | " + " | ".join(cells) + " |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"means": means, "scores": results}, f, indent=1)


if __name__ == "__main__":
    main()
