#!/usr/bin/env python3
"""Writes SET_DIR/out/dither/: every LibriVox clip of the set (the ones wer.py scores) with one
step of random noise (-1, 0 or +1 LSB, seeded) added, an inaudible change (about -100 dBFS).

Usage: dither.py SET_DIR, then wer.py SET_DIR dither
How much PocketSphinx's WER moves on such a change is the resolution of the WER comparison: a
difference of that size between input and enhanced output says nothing about the enhancement.
"""
import os
import sys
import wave

import numpy as np


def main():
    root = sys.argv[1]
    rng = np.random.default_rng(5)
    with open(os.path.join(root, "manifest.tsv")) as f:
        next(f)
        rows = [line.rstrip("\n").split("\t") for line in f]
    for noisy, _, speech, _, _ in rows:
        if not speech.startswith("librivox"):
            continue
        with wave.open(os.path.join(root, noisy), "rb") as w:
            params = w.getparams()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32)
        y = np.clip(x + rng.integers(-1, 2, len(x)), -32768, 32767).astype("<i2")
        out = os.path.join(root, "out", "dither", noisy)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with wave.open(out, "wb") as w:
            w.setparams(params)
            w.writeframes(y.tobytes())


if __name__ == "__main__":
    main()
