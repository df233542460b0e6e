#!/usr/bin/env python3
"""Writes the baseline "separations" of a set made by make_set.py, for score.py.

  baselines.py --set DIR --out OUT_DIR

OUT_DIR/mixture/song-*/   every stem = the mixture
OUT_DIR/mid-side/song-*/  vocals = the mid signal (L+R)/2 on both channels; other = mix - vocals
                          (the side signal); drums and bass = the mixture (a mid/side split
                          says nothing about them)
OUT_DIR/band-split/song-*/  sox sinc filters (-R: repeatable), a plain band split:
                          bass   = sox mix.wav bass.wav   sinc -200        (low-pass 200 Hz)
                          vocals = sox mix.wav vocals.wav sinc 200-4000    (band-pass)
                          drums  = sox mix.wav drums.wav  sinc 4000        (high-pass 4 kHz)
                          other  = mix - bass - vocals - drums (what the filters' transition
                                   bands leave: nearly silence)
"""
import argparse
import glob
import os
import subprocess
import warnings

import numpy as np
from scipy.io import wavfile

warnings.filterwarnings("ignore", category=wavfile.WavFileWarning)
BANDS = {"bass": ["sinc", "-200"], "vocals": ["sinc", "200-4000"], "drums": ["sinc", "4000"]}


def write(folder, rate, stems):
    os.makedirs(folder, exist_ok=True)
    for name, x in stems.items():
        wavfile.write(os.path.join(folder, name + ".wav"), rate, x.astype(np.float32))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    for song in sorted(glob.glob(os.path.join(a.set, "song-*"))):
        name = os.path.basename(song)
        mix_path = os.path.join(song, "mix.wav")
        rate, mix = wavfile.read(mix_path)
        mix = mix.astype(np.float64)
        write(os.path.join(a.out, "mixture", name), rate, {s: mix for s in ("vocals", "drums", "bass", "other")})
        mid = mix.mean(axis=1, keepdims=True).repeat(2, axis=1)
        write(os.path.join(a.out, "mid-side", name), rate, {"vocals": mid, "drums": mix, "bass": mix, "other": mix - mid})
        band_dir = os.path.join(a.out, "band-split", name)
        os.makedirs(band_dir, exist_ok=True)
        bands = {}
        for stem, effect in BANDS.items():
            out = os.path.join(band_dir, stem + ".wav")
            subprocess.run(["sox", "-R", mix_path, "-e", "floating-point", "-b", "32", out] + effect, check=True)
            bands[stem] = wavfile.read(out)[1].astype(np.float64)
        bands["other"] = mix - bands["bass"] - bands["vocals"] - bands["drums"]
        write(band_dir, rate, {"other": bands["other"]})
        print(name, flush=True)


if __name__ == "__main__":
    main()
