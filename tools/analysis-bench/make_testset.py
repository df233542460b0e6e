#!/usr/bin/env python3
"""Writes the analysis benchmark set: MIDI songs with exact ground truth (standard library only).

  make_testset.py --out DIR [--seed N] [--only NAME,...] [--seconds S] [--render]

For every song in SONGS it writes DIR/NAME.mid and DIR/NAME.json (the truth); with --render it
also renders DIR/NAME.wav (44 100 Hz stereo 16-bit) with fluidsynth and the FluidR3 GM soundfont
(apt-get install -y fluidsynth fluid-soundfont-gm; SOUNDFONT overrides the path).

Each song has drums (or none), bass, chords and a melody in a key and mode, over a chord
progression that changes on the bar line. The table below fixes style, meter and tempo; the seed
picks key, mode, progression, instruments, melody, lead-in, a tempo offset of up to 3 % (kept
within 60-180 BPM), the gain and the timing of every note (played up to about 10 ms off the grid, as people play), so
seed 1 (the development set) and seed 2 (the held-out test set) are different recordings of
the same design.

Truth (seconds from the start of the rendered audio): beats (the notated beat: the quarter note
in 3/4 and 4/4, the dotted quarter in 6/8), downbeats, tempo_bpm (median over the song for the
drifting ones), tempo_curve ([{time, bpm}] per beat), time_signature, key (tonic, e.g. "F#"),
mode ("major"/"minor"), and the style.
"""
import argparse
import array
import json
import os
import random
import statistics
import struct
import subprocess
import sys
import wave

sys.dont_write_bytecode = True  # no __pycache__ beside the shared fixture generator
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from make_midi import TPQ, DRUMS, Track, write_midi  # noqa: E402  (shared MIDI writer)

PITCH_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]          # natural minor; V gets its raised third below
EIGHTH = TPQ // 2                        # one pulse: the eighth note, in every meter
KICK, RIM, SNARE, CLOSED_HAT, PEDAL_HAT, OPEN_HAT, CRASH, RIDE, TAMBOURINE, SHAKER = (
    36, 37, 38, 42, 44, 46, 49, 51, 54, 70)

# name, style, meter, bpm (the notated beat), bpm at the end (drift) or None
SONGS = [
    ("rock-120", "rock", "4/4", 120, None),
    ("rock-96", "rock", "4/4", 96, None),
    ("rock-140", "rock", "4/4", 140, None),
    ("rock-168", "rock", "4/4", 168, None),
    ("rock-178", "rock", "4/4", 178, None),
    ("rock-72", "rock", "4/4", 72, None),
    ("rock-62", "rock", "4/4", 62, None),
    ("pop16-108", "pop16", "4/4", 108, None),
    ("pop16-66", "pop16", "4/4", 66, None),
    ("pop16-156", "pop16", "4/4", 156, None),
    ("sparse-88", "sparse", "4/4", 88, None),
    ("sparse-124", "sparse", "4/4", 124, None),
    ("syncopated-104", "syncopated", "4/4", 104, None),
    ("syncopated-132", "syncopated", "4/4", 132, None),
    ("syncopated-92", "syncopated", "4/4", 92, None),
    ("nodrums-block-76", "nodrums-block", "4/4", 76, None),
    ("nodrums-arp-116", "nodrums-arp", "4/4", 116, None),
    ("nodrums-block-150", "nodrums-block", "4/4", 150, None),
    ("waltz-90", "waltz", "3/4", 90, None),
    ("waltz-138", "waltz", "3/4", 138, None),
    ("waltz-120", "waltz", "3/4", 120, None),
    ("nodrums-waltz-104", "nodrums-waltz", "3/4", 104, None),
    ("six8-66", "six8", "6/8", 66, None),
    ("six8-84", "six8", "6/8", 84, None),
    ("six8-96", "six8", "6/8", 96, None),
    ("nodrums-six8-72", "nodrums-six8", "6/8", 72, None),
    ("drift-rock-96-120", "rock", "4/4", 96, 120),
    ("drift-pop16-132-110", "pop16", "4/4", 132, 110),
    ("drift-nodrums-100-88", "nodrums-arp", "4/4", 100, 88),
    ("drift-waltz-84-100", "waltz", "3/4", 84, 100),
]

PROGRESSIONS = {
    "major": [[0, 4, 5, 3], [0, 3, 4, 0], [0, 5, 3, 4], [0, 3, 0, 4], [0, 1, 4, 0], [0, 4, 3, 4]],
    "minor": [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 4], [0, 3, 6, 2], [0, 5, 3, 4], [0, 3, 0, 4]],
}
# GM programs (0-based)
COMP = [0, 1, 4, 5, 16, 24, 25, 26, 48, 89]        # pianos, organ, guitars, strings, pad
ARP = [0, 4, 6, 11, 24, 25, 46]                      # piano, e-piano, harpsichord, vibes, guitars, harp
BASS = [32, 33, 34, 35, 38]
LEAD = [40, 56, 65, 71, 73, 80, 68, 22]              # violin, trumpet, sax, clarinet, flute, square, oboe, harmonica


class Song:
    """Notes on the tick grid plus the tempo map; knows the time of every tick."""

    def __init__(self, name, style, meter, bpm, bpm_end, rng, seconds):
        self.name, self.style, self.meter, self.rng = name, style, meter, rng
        self.compound = meter == "6/8"
        self.beats_per_bar = {"4/4": 4, "3/4": 3, "6/8": 2}[meter]
        self.beat_ticks = 3 * EIGHTH if self.compound else TPQ
        self.pulses_per_beat = 3 if self.compound else 2
        self.bar_ticks = self.beats_per_bar * self.beat_ticks
        scale = 1.0 + rng.uniform(-0.03, 0.03)
        self.bpm0 = round(min(180.0, max(60.0, bpm * scale)), 2)
        self.bpm1 = round(min(180.0, max(60.0, bpm_end * scale)), 2) if bpm_end else None
        self.lead_in = round(rng.uniform(0.15, 0.9), 3)
        self.tonic = rng.randrange(12)
        self.mode = rng.choice(["major", "minor"])
        self.progression = rng.choice(PROGRESSIONS[self.mode])
        self.bars = self._bars_for(seconds)
        self.tracks = {k: Track(k) for k in ("drums", "bass", "comp", "lead")}
        self.programs = {"bass": rng.choice(BASS),
                         "comp": rng.choice(ARP if "arp" in style or "six8" in style else COMP),
                         "lead": rng.choice(LEAD)}
        self.gain = round(rng.uniform(0.3, 0.8), 2)
        self.lead_ticks = round(self.lead_in * self.bpm0 / 60 * self.beat_ticks)
        self.total_beats = self.bars * self.beats_per_bar + 1   # +1: the final downbeat
        self._tempo_map()

    def _bars_for(self, seconds):
        mean_bpm = self.bpm0 if self.bpm1 is None else 0.5 * (self.bpm0 + self.bpm1)
        return max(4, int((seconds - self.lead_in - 2.0) * mean_bpm / 60 / self.beats_per_bar))

    def beat_bpm(self, i):
        """Tempo of beat i (notated beats per minute)."""
        if self.bpm1 is None:
            return self.bpm0
        n = self.total_beats - 1
        return self.bpm0 + (self.bpm1 - self.bpm0) * min(i, n) / n

    def _tempo_map(self):
        # one tempo per beat: lead-in at the first tempo, then beat i at beat_bpm(i); MIDI tempo is
        # microseconds per quarter note, and a 6/8 beat is 1.5 quarters
        quarters_per_beat = self.beat_ticks / TPQ
        self.tempi = [(0, self.beat_bpm(0))]
        for i in range(1, self.total_beats + 8):
            if self.bpm1 is not None:
                self.tempi.append((self.lead_ticks + i * self.beat_ticks, self.beat_bpm(i)))
        self.us_per_quarter = [(t, round(60_000_000 / (bpm * quarters_per_beat))) for t, bpm in self.tempi]

    def seconds(self, tick):
        """Time of a tick, from the tempo map as the synthesiser plays it (integer microseconds)."""
        total = 0.0
        for k, (start, us) in enumerate(self.us_per_quarter):
            end = self.us_per_quarter[k + 1][0] if k + 1 < len(self.us_per_quarter) else None
            if end is not None and tick > end:
                total += (end - start) * us / TPQ / 1e6
            else:
                return total + (tick - start) * us / TPQ / 1e6
        return total

    def ticks_for_ms(self, ms, tick):
        bpm = self.tempi[0][1]
        for t, b in self.tempi:
            if t <= tick:
                bpm = b
        return round(ms / 1000 * bpm / 60 * self.beat_ticks)

    # -- notes ---------------------------------------------------------------------------------

    def note(self, track, tick, length, channel, key, velocity, jitter_ms):
        shift = self.ticks_for_ms(max(-10.0, min(10.0, self.rng.gauss(0.0, jitter_ms))), tick) if jitter_ms else 0
        tick = max(0, tick + shift)
        velocity = max(1, min(127, round(velocity + self.rng.gauss(0, 4))))
        self.tracks[track].note(tick, max(10, length), channel, key, velocity)

    def drum(self, bar_start, pulse, key, velocity):
        self.note("drums", bar_start + round(pulse * EIGHTH), EIGHTH // 2, DRUMS, key, velocity, 2.0)

    def chord(self, degree):
        """Pitch classes of the triad on a scale degree (minor: V with a raised third)."""
        scale = MAJOR if self.mode == "major" else MINOR
        pcs = [(self.tonic + scale[(degree + k) % 7]) % 12 for k in (0, 2, 4)]
        if self.mode == "minor" and degree == 4:
            pcs[1] = (pcs[1] + 1) % 12
        return pcs

    def scale_pcs(self):
        scale = MAJOR if self.mode == "major" else MINOR
        return [(self.tonic + s) % 12 for s in scale]


def place(pc, low):
    """The MIDI key of pitch class pc at or above key low."""
    return low + (pc - low) % 12


def drums_for_bar(song, start, bar):
    s, style, m = song, song.style, song.meter
    if style.startswith("nodrums"):
        return
    if bar % 4 == 0:
        s.drum(start, 0, CRASH, 100 if bar == 0 else 84)
    if m == "4/4" and style == "rock":
        for p, k, v in [(0, KICK, 118), (4, KICK, 104), (2, SNARE, 110), (6, SNARE, 110)]:
            s.drum(start, p, k, v)
        for e in range(8):
            s.drum(start, e, CLOSED_HAT, 90 if e % 2 == 0 else 66)
    elif m == "4/4" and style == "pop16":
        for p, k, v in [(0, KICK, 118), (3, KICK, 96), (4, KICK, 106), (2, SNARE, 108), (6, SNARE, 112)]:
            s.drum(start, p, k, v)
        for e in range(16):
            s.drum(start, e / 2, CLOSED_HAT, [88, 50, 70, 50][e % 4])
    elif m == "4/4" and style == "sparse":
        # three hits a bar: kick on 1, a side stick on 2 and 4, no cymbals
        s.drum(start, 0, KICK, 110)
        s.drum(start, 2, RIM, 96)
        s.drum(start, 6, RIM, 96)
    elif m == "4/4" and style == "syncopated":
        # kick on 1, the "and" of 2 and the "and" of 3, snare on 4 only, shaker on the off-beats
        for p, k, v in [(0, KICK, 116), (3, KICK, 100), (5, KICK, 96), (6, SNARE, 108), (2, RIM, 70)]:
            s.drum(start, p, k, v)
        for e in (1, 3, 5, 7):
            s.drum(start, e, SHAKER, 72)
    elif m == "3/4":   # waltz: kick on 1, snare on 2 and 3, hats on the eighths
        s.drum(start, 0, KICK, 116)
        s.drum(start, 2, SNARE, 84)
        s.drum(start, 4, SNARE, 80)
        for e in range(6):
            s.drum(start, e, CLOSED_HAT, 82 if e % 2 == 0 else 58)
    elif m == "6/8":   # kick on 1, snare on 4, hats on every eighth, accents on 1 and 4
        s.drum(start, 0, KICK, 118)
        s.drum(start, 3, SNARE, 104)
        if bar % 2 == 1:
            s.drum(start, 2, KICK, 84)
        for e in range(6):
            s.drum(start, e, CLOSED_HAT, 88 if e % 3 == 0 else 60)


def bass_for_bar(song, start, chord, bar):
    s = song
    root = place(chord[0], 36)
    fifth = place(chord[2], root + 1)
    if s.meter == "4/4":
        if s.style == "syncopated":
            pattern = [(0, 3, root), (3, 2, root), (5, 2, fifth), (7, 1, root + 12)]
        elif s.style == "sparse":
            pattern = [(0, 5, root), (6, 2, fifth)]
        elif s.style == "nodrums-block":
            pattern = [(0, 4, root), (4, 4, fifth)]
        else:
            pattern = [(0, 3, root), (3, 1, root + 12), (4, 2, root), (6, 2, fifth)]
    elif s.meter == "3/4":
        pattern = [(0, 2, root), (2, 2, fifth), (4, 2, fifth)] if "nodrums" in s.style else [(0, 4, root), (4, 2, fifth)]
    else:  # 6/8: dotted quarters
        pattern = [(0, 3, root), (3, 3, fifth)]
    for pulse, length, key in pattern:
        s.note("bass", start + pulse * EIGHTH, length * EIGHTH - 20, 0, key, 100, 4.0)


def comp_for_bar(song, start, chord, bar):
    s = song
    voicing = sorted(place(pc, 55) for pc in chord)
    ppb, bpb = s.pulses_per_beat, s.beats_per_bar
    if "arp" in s.style or s.meter == "6/8":
        # broken chord on every eighth: root, third, fifth, octave ...
        tones = voicing + [voicing[0] + 12]
        for e in range(bpb * ppb):
            s.note("comp", start + e * EIGHTH, EIGHTH * 2, 1, tones[[0, 1, 2, 3, 2, 1][e % 6]], 76 if e % ppb == 0 else 62, 5.0)
        return
    if s.meter == "3/4":
        if "nodrums" in s.style:          # oom-pah-pah: chords on 2 and 3
            beats = [(1, 1), (2, 1)]
        else:
            beats = [(0, 2), (2, 1)]
    elif s.style == "syncopated":
        beats = [(0, 1.5), (1.5, 2.5)]    # pushed on the "and" of 2
    elif s.style == "nodrums-block":
        beats = [(b, 1) for b in range(4)]
    elif s.style == "sparse":
        beats = [(0, 4)]
    else:
        beats = [(0, 2), (2.5, 1.5)]
    for beat, length in beats:
        for key in voicing:
            s.note("comp", start + round(beat * s.beat_ticks), round(length * s.beat_ticks) - 20, 1, key,
                   80 if beat == 0 else 68, 5.0)


def melody_for_bar(song, start, chord, bar, state):
    s = song
    tones = [k for k in range(60, 84) if k % 12 in s.scale_pcs()]
    chord_tones = [k for k in tones if k % 12 in chord]
    pulses = s.beats_per_bar * s.pulses_per_beat
    p = 0
    while p < pulses:
        length = s.rng.choice([1, 2, 2, 3] if s.compound else [1, 1, 2, 2, 4])
        length = min(length, pulses - p)
        on_beat = p % s.pulses_per_beat == 0
        if on_beat or not state["key"]:
            key = min(chord_tones, key=lambda k: abs(k - (state["key"] or 67) - s.rng.choice([-3, 0, 2, 4])))
        else:
            i = tones.index(min(tones, key=lambda k: abs(k - state["key"])))
            i = max(0, min(len(tones) - 1, i + s.rng.choice([-1, 1, 1, -2, 2])))
            key = tones[i]
        if s.rng.random() > 0.12:   # a few rests
            s.note("lead", start + p * EIGHTH, length * EIGHTH - 25, 2, key, 92 if on_beat else 80, 7.0)
        state["key"] = key
        p += length


def build(name, style, meter, bpm, bpm_end, seed, seconds):
    rng = random.Random(f"{seed}:{name}")
    s = Song(name, style, meter, bpm, bpm_end, rng, seconds)
    for track, channel in (("bass", 0), ("comp", 1), ("lead", 2)):
        s.tracks[track].program(0, channel, s.programs[track])
    state = {"key": None}
    for bar in range(s.bars):
        start = s.lead_ticks + bar * s.bar_ticks
        degree = s.progression[bar % len(s.progression)]
        if bar == s.bars - 1:
            degree = 4                                   # the dominant, a cadence into the final tonic
        chord = s.chord(degree)
        drums_for_bar(s, start, bar)
        bass_for_bar(s, start, chord, bar)
        comp_for_bar(s, start, chord, bar)
        if bar >= 1:
            melody_for_bar(s, start, chord, bar, state)
    # final tonic chord on the last downbeat, held
    end = s.lead_ticks + s.bars * s.bar_ticks
    tonic = s.chord(0)
    if not style.startswith("nodrums"):
        s.drum(end, 0, KICK, 118)
        s.drum(end, 0, CRASH, 100)
    s.note("bass", end, 2 * s.beat_ticks, 0, place(tonic[0], 36), 100, 0)
    for key in sorted(place(pc, 55) for pc in tonic):
        s.note("comp", end, 2 * s.beat_ticks, 1, key, 80, 0)
    s.note("lead", end, 2 * s.beat_ticks, 2, place(tonic[0], 72), 88, 0)

    conductor = Track("tempo")
    for tick, us in s.us_per_quarter:
        conductor.meta(tick, 0x51, struct.pack(">I", us)[1:])
    num, den_pow = {"4/4": (4, 2), "3/4": (3, 2), "6/8": (6, 3)}[meter]
    conductor.meta(0, 0x58, bytes([num, den_pow, 24 if not s.compound else 36, 8]))

    beat_ticks = [s.lead_ticks + i * s.beat_ticks for i in range(s.total_beats)]
    beats = [round(s.seconds(t), 6) for t in beat_ticks]
    curve = [{"time": beats[i], "bpm": round(60.0 / (beats[i + 1] - beats[i]), 3)} for i in range(len(beats) - 1)]
    truth = {
        "name": name,
        "style": style,
        "time_signature": meter,
        "tempo_bpm": round(statistics.median(c["bpm"] for c in curve), 3),
        "drift": bpm_end is not None,
        "tempo_curve": curve,
        "beats": beats,
        "downbeats": beats[::s.beats_per_bar],
        "key": PITCH_NAMES[s.tonic],
        "mode": s.mode,
        "progression_degrees": s.progression,
        "programs": s.programs,
        "render_gain": s.gain,
        "lead_in_s": s.lead_in,
        "seed": seed,
    }
    tracks = [conductor] + [s.tracks[k] for k in ("drums", "bass", "comp", "lead")]
    return tracks, truth


def render(mid, wav, gain, soundfont, end_s):
    """Renders with fluidsynth, then cuts the near-silent tail the synthesiser leaves after
    end_s seconds (the last chord rings for 2 s and fades out over the next 0.5 s)."""
    subprocess.run(["fluidsynth", "-ni", "-q", "-g", str(gain), "-F", wav, "-r", "44100", soundfont, mid],
                   check=True, stdout=subprocess.DEVNULL)
    with wave.open(wav, "rb") as r:
        params = r.getparams()
        frames = r.readframes(params.nframes)
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    rate, channels = params.framerate, params.nchannels
    keep = min(len(samples) // channels, round(end_s * rate))
    fade = round(0.5 * rate)
    for i in range(max(0, keep - fade), keep):
        g = (keep - i) / fade
        for c in range(channels):
            samples[i * channels + c] = round(samples[i * channels + c] * g)
    del samples[keep * channels:]
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(wav, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(params.sampwidth)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder to write into (created)")
    p.add_argument("--seed", type=int, default=1, help="1: development set, 2: held-out test set")
    p.add_argument("--only", default="", help="comma-separated song names (default: all)")
    p.add_argument("--seconds", type=float, default=30.0, help="approximate length of each song")
    p.add_argument("--render", action="store_true", help="also render NAME.wav with fluidsynth")
    a = p.parse_args()
    soundfont = os.environ.get("SOUNDFONT", "/usr/share/sounds/sf2/FluidR3_GM.sf2")
    only = set(filter(None, a.only.split(",")))
    os.makedirs(a.out, exist_ok=True)
    for name, style, meter, bpm, bpm_end in SONGS:
        if only and name not in only:
            continue
        tracks, truth = build(name, style, meter, bpm, bpm_end, a.seed, a.seconds)
        mid = os.path.join(a.out, name + ".mid")
        write_midi(mid, tracks)
        if a.render:
            render(mid, os.path.join(a.out, name + ".wav"), truth["render_gain"], soundfont,
                   truth["beats"][-1] + 2.5)
            truth["audio"] = name + ".wav"
        with open(os.path.join(a.out, name + ".json"), "w") as f:
            json.dump(truth, f, indent=1)
            f.write("\n")
        print(f"{name}: {truth['time_signature']} {truth['tempo_bpm']} BPM, {truth['key']} {truth['mode']}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
