#!/usr/bin/env python3
"""Renders songs with known stems, to score source separation against the truth.

  make_set.py --out DIR [--songs 6] [--seconds 30] [--first-seed 1]

Each song is drawn from its seed (tempo, key, progression, drum style, instruments, stereo
positions, lyric lines) and written to DIR/song-SEED/:

  mix.wav                              44.1 kHz stereo, 32-bit float, the exact sum of the stems
  vocals.wav drums.wav bass.wav other.wav   the true stems, same shape
  song.json                            what was drawn

How a stem is made:
  drums, bass, other  a MIDI score per stem (tools/fixtures/make_midi.py writes the files),
                      rendered alone by fluidsynth with the FluidR3 GM soundfont (its own
                      reverb and chorus on, as a synth mix would have them);
                      drums and bass at the centre, the chord and lead instruments of `other`
                      panned apart (MIDI CC 10), left and right at random
  vocals              a sung-like line: one espeak-ng word per melody note, the note's pitch
                      as espeak's pitch setting, cut to the note's length, the whole line
                      transposed to the singer's register with sox `pitch`; centre-panned
                      (left = right), dry
Levels: each stem scaled to a drawn RMS, then all of them by one gain so the mix peaks at
-1 dBFS. Needs python3 with numpy and scipy, fluidsynth, espeak-ng, sox and the soundfont
(SOUNDFONT, default /usr/share/sounds/sf2/FluidR3_GM.sf2).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import warnings

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from make_midi import DRUMS, TPQ, Track, conductor, write_midi  # noqa: E402

warnings.filterwarnings("ignore", category=wavfile.WavFileWarning)  # fluidsynth's float WAVs carry a chunk scipy skips
RATE = 44100
SOUNDFONT = os.environ.get("SOUNDFONT", "/usr/share/sounds/sf2/FluidR3_GM.sf2")
STEMS = ("vocals", "drums", "bass", "other")

KICK, SNARE, CLAP, CLOSED_HAT, PEDAL_HAT, OPEN_HAT, RIDE, CRASH, LOW_TOM, HIGH_TOM = \
    36, 38, 39, 42, 44, 46, 51, 49, 45, 50
DRUM_KITS = {"standard": 0, "room": 8, "power": 16, "electronic": 24, "tr-808": 25, "brush": 40}
BASS_PROGRAMS = {"acoustic bass": 32, "fingered bass": 33, "picked bass": 34, "fretless bass": 35,
                 "synth bass 1": 38, "synth bass 2": 39}
CHORD_PROGRAMS = {"piano": 0, "electric piano": 4, "organ": 16, "nylon guitar": 24, "steel guitar": 25,
                  "strings": 48, "warm pad": 89, "choir pad": 91}
LEAD_PROGRAMS = {"flute": 73, "alto sax": 65, "trumpet": 56, "vibraphone": 11, "square lead": 80,
                 "clean guitar": 27, "clarinet": 71}
# scale degrees (0-based, of a 7-note scale) of common progressions
PROGRESSIONS = [[0, 4, 5, 3], [0, 5, 3, 4], [5, 3, 0, 4], [0, 3, 4, 3], [0, 3, 0, 4], [1, 4, 0, 0]]
MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]
LYRICS = [
    "sing along with me tonight under the city lights",
    "every road will lead us home when the summer ends",
    "hold my hand and never let the morning come too soon",
    "we were young and we were running through the rain",
    "call my name across the water I will find my way",
    "all the stars are falling down upon the empty street",
    "take me back to where we started long ago",
    "I can hear the river singing in the dark",
]


def scale_note(key, scale, degree, octave):
    """MIDI key of a scale degree (any integer) in an octave (MIDI octave numbers, C4 = 60)."""
    return 12 * (octave + 1) + key + scale[degree % 7] + 12 * (degree // 7)


def cc(track, tick, channel, controller, value):
    track.events.append((tick, 1, bytes([0xB0 | channel, controller, value])))


class Song:
    def __init__(self, seed, seconds):
        r = random.Random(seed)
        self.seed = seed
        self.seconds = seconds
        self.bpm = r.choice([84, 92, 98, 104, 112, 120, 126, 132])
        self.key = r.randrange(12)
        self.minor = r.random() < 0.4
        self.scale = MINOR if self.minor else MAJOR
        self.progression = r.choice(PROGRESSIONS)
        self.drum_style = r.choice(["rock", "four-on-the-floor", "half-time", "funk"])
        self.kit = r.choice(list(DRUM_KITS))
        self.bass = r.choice(list(BASS_PROGRAMS))
        self.bass_style = r.choice(["roots", "root-fifth", "syncopated"])
        self.chords = r.choice(list(CHORD_PROGRAMS))
        self.chord_style = r.choice(["held", "pulse", "arpeggio"])
        self.lead = r.choice(list(LEAD_PROGRAMS))
        side = r.choice([-1, 1])
        self.chord_pan = 64 + side * r.randint(22, 50)          # MIDI CC 10, 64 = centre
        self.lead_pan = 64 - side * r.randint(22, 50)
        self.female = r.random() < 0.5
        self.voice = ("en-us+f3" if self.female else "en-us+m3") if r.random() < 0.5 else \
            ("en-gb+f2" if self.female else "en-gb+m1")
        self.transpose_cents = r.randint(-200, 200)
        self.levels_db = {"vocals": r.uniform(-20, -17), "drums": r.uniform(-21, -18),
                          "bass": r.uniform(-23, -19), "other": r.uniform(-22, -19)}
        self.lines = r.sample(LYRICS, 4)
        self.rng = r
        beat_s = 60.0 / self.bpm
        self.lead_in = round(0.25 / beat_s * TPQ)
        self.bars = int((seconds - 0.25) / (4 * beat_s))
        # sections of 4 bars: intro (no vocals), then verse / chorus alternating
        self.vocal_bars = [b for b in range(self.bars) if b >= 4 and (b // 4) % 3 != 2]
        self.lead_bars = [b for b in range(self.bars) if b not in self.vocal_bars or (b // 4) % 2 == 1]

    def chord_root(self, bar):
        return self.progression[bar % len(self.progression)]

    def bar_tick(self, bar):
        return self.lead_in + bar * 4 * TPQ

    def humanise(self, velocity):
        return max(1, min(127, velocity + self.rng.randint(-8, 8)))

    def drums_midi(self):
        q = TPQ
        t = Track("drums")
        t.program(0, DRUMS, DRUM_KITS[self.kit])
        for bar in range(self.bars):
            s = self.bar_tick(bar)
            hat = RIDE if (bar // 4) % 3 == 1 and self.drum_style == "rock" else CLOSED_HAT
            if bar % 8 == 0:
                t.note(s, 2 * q, DRUMS, CRASH, self.humanise(100))
            if self.drum_style == "rock":
                kicks, snares, hats = [0, 2, 2.5], [1, 3], [i / 2 for i in range(8)]
            elif self.drum_style == "four-on-the-floor":
                kicks, snares, hats = [0, 1, 2, 3], [1, 3], [0.5, 1.5, 2.5, 3.5]
                hat = OPEN_HAT
            elif self.drum_style == "half-time":
                kicks, snares, hats = [0, 1.75], [2], [i / 2 for i in range(8)]
            else:
                kicks, snares, hats = [0, 0.75, 2.5], [1, 3, 3.75], [i / 4 for i in range(16)]
            for k in kicks:
                t.note(s + round(k * q), q // 4, DRUMS, KICK, self.humanise(112))
            for k in snares:
                t.note(s + round(k * q), q // 4, DRUMS, CLAP if self.kit in ("electronic", "tr-808")
                       else SNARE, self.humanise(104 if k == int(k) else 70))
            for i, k in enumerate(hats):
                t.note(s + round(k * q), q // 8, DRUMS, hat, self.humanise(88 if i % 2 == 0 else 64))
            if bar % 4 == 3:  # a fill into the next section
                for i, drum in enumerate([HIGH_TOM, HIGH_TOM, LOW_TOM, LOW_TOM]):
                    t.note(s + 3 * q + i * q // 4, q // 4, DRUMS, drum, self.humanise(96))
        return [conductor(self.bpm), t]

    def bass_midi(self):
        q = TPQ
        t = Track("bass")
        t.program(0, 0, BASS_PROGRAMS[self.bass])
        cc(t, 0, 0, 10, 64)
        for bar in range(self.bars):
            s = self.bar_tick(bar)
            root = scale_note(self.key, self.scale, self.chord_root(bar), 1)
            if root < 28:
                root += 12
            fifth = root + 7
            if self.bass_style == "roots":
                notes = [(b, 1, root) for b in range(4)]
            elif self.bass_style == "root-fifth":
                notes = [(0, 1.5, root), (1.5, 0.5, root + 12), (2, 1, fifth), (3, 1, root)]
            else:
                notes = [(0, 0.75, root), (0.75, 0.75, root), (1.5, 1, root + 12), (2.5, 0.5, fifth),
                         (3, 0.5, root), (3.5, 0.5, fifth)]
            for offset, length, key in notes:
                t.note(s + round(offset * q), round(length * q) - 12, 0, key, self.humanise(100))
        return [conductor(self.bpm), t]

    def other_midi(self):
        q = TPQ
        chords, lead = Track("chords"), Track("lead")
        chords.program(0, 1, CHORD_PROGRAMS[self.chords])
        cc(chords, 0, 1, 10, self.chord_pan)
        lead.program(0, 2, LEAD_PROGRAMS[self.lead])
        cc(lead, 0, 2, 10, self.lead_pan)
        for bar in range(self.bars):
            s = self.bar_tick(bar)
            degree = self.chord_root(bar)
            triad = [scale_note(self.key, self.scale, degree + i, 3) for i in (0, 2, 4)]
            if self.chord_style == "held":
                for k in triad:
                    chords.note(s, 4 * q - 20, 1, k, self.humanise(70))
            elif self.chord_style == "pulse":
                for e in range(8):
                    for k in triad:
                        chords.note(s + e * q // 2, q // 2 - 30, 1, k, self.humanise(72 if e % 2 == 0 else 58))
            else:
                pattern = triad + [triad[0] + 12] + triad[::-1][:3] + [triad[1]]
                for e, k in enumerate(pattern):
                    chords.note(s + e * q // 2, q // 2, 1, k, self.humanise(74))
            if bar in self.lead_bars:
                for i in range(self.rng.choice([3, 4, 6])):
                    beat = self.rng.choice([0, 0.5, 1, 1.5, 2, 2.5, 3])
                    length = self.rng.choice([0.5, 1, 1])
                    if beat + length > 4:
                        continue
                    k = scale_note(self.key, self.scale, degree + self.rng.choice([0, 2, 4, 7, 9]), 4)
                    lead.note(s + round(beat * q), round(length * q) - 15, 2, k, self.humanise(86))
        return [conductor(self.bpm), chords, lead]

    def vocal_notes(self):
        """(start seconds, length seconds, MIDI key, word) of the sung line."""
        beat_s = 60.0 / self.bpm
        notes = []
        words = " ".join(self.lines).split()
        w = 0
        low = 53 if self.female else 45
        for bar in self.vocal_bars:
            degree = self.chord_root(bar)
            # a phrase fills beats 0..3 with half and quarter notes, resting on the last beat at
            # the end of each two-bar phrase
            beats = [0, 1, 1.5, 2, 3] if bar % 2 == 0 else [0, 0.5, 1, 2]
            for i, b in enumerate(beats):
                length = (beats[i + 1] if i + 1 < len(beats) else (4 if bar % 2 == 0 else 3.5)) - b
                key = scale_note(self.key, self.scale, degree + self.rng.choice([0, 2, 4, 2, 0, 1]), 4)
                while key < low + 7:
                    key += 12
                while key > low + 19:
                    key -= 12
                start = 0.25 + (bar * 4 + b) * beat_s
                notes.append((start, length * beat_s, key, words[w % len(words)]))
                w += 1
        return notes, low


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_wav(path):
    rate, data = wavfile.read(path)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    elif data.dtype == np.int32:
        data = data.astype(np.float32) / 2147483648.0
    data = data.astype(np.float64)
    return rate, data if data.ndim == 2 else data[:, None]


def fit(x, n):
    """Pads with silence or cuts to n frames."""
    return np.pad(x, ((0, max(0, n - len(x))), (0, 0)))[:n]


def render_midi(tracks, work, name, n):
    mid, wav = os.path.join(work, name + ".mid"), os.path.join(work, name + ".wav")
    write_midi(mid, tracks)
    run(["fluidsynth", "-ni", "-q", "-g", "0.5", "-r", str(RATE), "-T", "wav", "-O", "float", "-F", wav,
         SOUNDFONT, mid])
    rate, x = read_wav(wav)
    assert rate == RATE, (wav, rate)
    return fit(x, n)


def render_vocals(song, work, n):
    notes, low = song.vocal_notes()
    out = np.zeros(n)
    for i, (start, length, key, word) in enumerate(notes):
        wav = os.path.join(work, f"word{i}.wav")
        # espeak's pitch setting 0..99 follows the melody over the singer's range (~1.5 octaves)
        pitch = int(round(10 + 80 * (key - low) / 19))
        speed = 110 if length > 0.4 else 150
        run(["espeak-ng", "-v", song.voice, "-p", str(pitch), "-s", str(speed), "-w", wav, word])
        rate, x = read_wav(wav)
        x = resample_poly(x[:, 0], RATE, rate)
        voiced = np.flatnonzero(np.abs(x) >= 1e-3)
        x = x[voiced[0]:] if len(voiced) else x  # espeak's leading silence would put the word late
        keep = min(len(x), int((length + 0.08) * RATE))
        x = x[:keep] * np.minimum(1.0, (keep - np.arange(keep)) / (0.03 * RATE))
        at = int(start * RATE)
        if at >= n:
            break
        end = min(n, at + keep)
        out[at:end] += x[:end - at]
    raw = os.path.join(work, "vocals-raw.wav")
    shifted = os.path.join(work, "vocals.wav")
    wavfile.write(raw, RATE, out.astype(np.float32))
    run(["sox", "-R", raw, "-e", "floating-point", "-b", "32", shifted, "pitch", str(song.transpose_cents)])
    rate, x = read_wav(shifted)
    mono = fit(x, n)[:, 0]
    return np.stack([mono, mono], axis=1)  # centre-panned: the same signal left and right


def rms_db(x):
    return 10 * np.log10(np.mean(x ** 2) + 1e-20)


def make_song(seed, seconds, out_dir):
    song = Song(seed, seconds)
    n = int(seconds * RATE)
    folder = os.path.join(out_dir, f"song-{seed:03d}")
    os.makedirs(folder, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sepbench-")
    try:
        stems = {
            "vocals": render_vocals(song, work, n),
            "drums": render_midi(song.drums_midi(), work, "drums", n),
            "bass": render_midi(song.bass_midi(), work, "bass", n),
            "other": render_midi(song.other_midi(), work, "other", n),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, x in stems.items():
        x *= 10 ** ((song.levels_db[name] - rms_db(x)) / 20)
    mix = sum(stems.values())
    gain = 10 ** (-1 / 20) / np.max(np.abs(mix))
    # float32 as written: the stems are summed again after rounding, so mix == sum exactly
    stems = {k: (v * gain).astype(np.float32) for k, v in stems.items()}
    mix = stems["vocals"] + stems["drums"] + stems["bass"] + stems["other"]
    wavfile.write(os.path.join(folder, "mix.wav"), RATE, mix)
    for name, x in stems.items():
        wavfile.write(os.path.join(folder, name + ".wav"), RATE, x)
    facts = {k: v for k, v in vars(song).items() if k not in ("rng", "scale")}
    facts["stem_rms_dbfs"] = {k: round(float(rms_db(v)), 2) for k, v in stems.items()}
    with open(os.path.join(folder, "song.json"), "w") as f:
        json.dump(facts, f, indent=2)
        f.write("\n")
    return folder


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder for the songs (keep it out of git: target/ or /tmp)")
    p.add_argument("--songs", type=int, default=6)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--first-seed", type=int, default=1)
    a = p.parse_args()
    for tool in ("fluidsynth", "espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"missing {tool}: apt-get install -y fluidsynth fluid-soundfont-gm espeak-ng sox")
    if not os.path.isfile(SOUNDFONT):
        sys.exit(f"missing soundfont {SOUNDFONT}: apt-get install -y fluid-soundfont-gm")
    for seed in range(a.first_seed, a.first_seed + a.songs):
        print(make_song(seed, a.seconds, a.out), flush=True)


if __name__ == "__main__":
    main()
