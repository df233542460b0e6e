#!/usr/bin/env python3
"""Generates labelled clips for the noise classifier: one folder per class, 24-bit WAV clips.

Noise (white, pink, brown, hum, impulsive, silence) is synthesised here with numpy from the seed;
speech and babble come from espeak-ng (and the real 16 kHz speech of pocketsphinx-testdata),
music from fluidsynth rendering MIDI files written here. --eval makes a held-out set: other
seeds, other voices and songs, other levels and SNRs, and more noise under speech.
Called by make_training_set.sh; see there.
"""
import argparse, os, random, struct, subprocess, wave
import numpy as np

CLASSES = ["speech", "music", "white", "pink", "brown", "hum", "babble", "impulsive", "silence"]
UNDER_SPEECH = {"white", "pink", "brown", "hum", "babble", "impulsive", "music"}
RATES = [16000, 22050, 44100]
WORDS = ("the a of and to in is was that for on with as by at from this have which one you had not but what all "
         "were when we there can an your said each she do how their if will up other about out many then them "
         "these so some her would make like him into time has look two more write go see number no way could "
         "people my than first water been call who oil its now find long down day did get come made may part "
         "over new sound take only little work know place year live me back give most very after thing our just "
         "name good sentence man think say great where help through much before line right too mean old any same "
         "tell boy follow came want show also around form three small set put end does another well large must "
         "big even such because turn here why ask went men read need land different home us move try kind hand "
         "picture again change off play spell air away animal house point page letter mother answer found study "
         "still learn should america world high every near add food between own below country plant last school "
         "father keep tree never start city earth eye light thought head under story saw left few while along "
         "might close something seem next hard open example begin life always those both paper together got group "
         "often run important until children side feet car mile night walk white sea began grow took river four").split()
TRAIN_VOICES = ["en", "en-us", "en+m1", "en+m2", "en+m4", "en+f1", "en+f3", "en-us+m5", "en-us+f2", "de", "fr", "es"]
EVAL_VOICES = ["en-gb-x-rp", "en+m3", "en+m6", "en+f2", "en+f4", "en-us+m7", "it", "nl", "pt", "pl"]
GM_PROGRAMS = [0, 1, 4, 5, 11, 16, 19, 24, 25, 26, 40, 42, 48, 49, 52, 56, 61, 65, 68, 71, 73, 80, 81, 88, 89]
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
POCKETSPHINX = "/usr/share/pocketsphinx/test/data"


def write_wav(path, x, rate):
    x = np.clip(x, -1.0, 1.0 - 2 ** -23)
    ints = np.round(x * (2 ** 23)).astype("<i4")
    raw = ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(3)
        w.setframerate(rate)
        w.writeframes(raw)


def read_wav(path):
    with wave.open(path, "rb") as w:
        n, rate, width, ch = w.getnframes(), w.getframerate(), w.getsampwidth(), w.getnchannels()
        data = w.readframes(n)
    assert width == 2, path
    x = np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0
    if ch > 1:
        x = x.reshape(-1, ch).mean(axis=1)
    return x, rate


def resample(x, rate_in, rate_out, cache):
    """Band-limited resampling with sox (through files in the cache folder)."""
    if rate_in == rate_out:
        return x
    scale = max(1e-9, float(np.max(np.abs(x)))) / 0.9
    x = x / scale
    a = os.path.join(cache, "rs-in.wav")
    b = os.path.join(cache, "rs-out.wav")
    with wave.open(a, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate_in)
        w.writeframes(np.round(np.clip(x, -1, 1 - 2 ** -15) * 32767).astype("<i2").tobytes())
    subprocess.run(["sox", a, "-r", str(rate_out), b], check=True)
    y, _ = read_wav(b)
    return y * scale


def rms(x):
    return float(np.sqrt(np.mean(x ** 2) + 1e-30))


def at_level(x, db):
    return x * (10 ** (db / 20) / rms(x))


def coloured(rng, n, rate, exponent):
    """Noise with power spectrum ~ f^-exponent (0 white, 1 pink, 2 brown)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / rate)
    f[0] = f[1]
    spec *= f ** (-exponent / 2.0)
    spec[0] = 0
    y = np.fft.irfft(spec, n)
    return y / rms(y)


def hum(rng, n, rate):
    t = np.arange(n) / rate
    f0 = rng.choice([50.0, 60.0]) + rng.uniform(-0.3, 0.3)
    y = np.zeros(n)
    buzz = rng.random() < 0.4
    for h in range(1, 9):
        amp = rng.uniform(0.2, 1.0) / (h if not buzz else np.sqrt(h))
        if buzz and h % 2 == 0:
            amp *= 0.3
        y += amp * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi))
    y /= rms(y)
    floor = coloured(rng, n, rate, rng.choice([0.0, 1.0, 2.0])) * 10 ** (rng.uniform(-50, -25) / 20)
    return y + floor


def impulsive(rng, n, rate):
    y = coloured(rng, n, rate, rng.choice([0.0, 1.0, 2.0])) * 10 ** (rng.uniform(-55, -35) / 20)
    events = int(rng.uniform(1, 10) * n / rate)
    for _ in range(events):
        at = rng.integers(0, n - rate // 5)
        kind = rng.random()
        if kind < 0.4:  # click: a few samples
            length = int(rng.integers(1, max(2, rate // 2000)))
            y[at:at + length] += rng.choice([-1, 1]) * rng.uniform(0.3, 1.0) * np.ones(length)
        elif kind < 0.8:  # burst of noise, 5-120 ms, decaying
            length = int(rng.uniform(0.005, 0.12) * rate)
            env = np.exp(-np.arange(length) / (length / 4))
            y[at:at + length] += rng.uniform(0.1, 0.8) * env * rng.standard_normal(length)
        else:  # knock: decaying low resonance
            length = int(0.08 * rate)
            tt = np.arange(length) / rate
            y[at:at + length] += rng.uniform(0.2, 0.9) * np.exp(-tt * 60) * np.sin(2 * np.pi * rng.uniform(80, 600) * tt)
    return y


def espeak(text, voice, speed, pitch, cache, key):
    path = os.path.join(cache, "es-%s.wav" % key)
    if not os.path.exists(path):
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, text],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    x, rate = read_wav(path)
    return x, rate


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def speech(rng, n, rate, voices, cache, tag, real):
    """Continuous speech of n samples: espeak sentences (and, sometimes, real recordings) in a row."""
    out = np.zeros(0)
    voice = rng.choice(voices)
    while len(out) < n:
        if real and rng.random() < 0.3:
            f = rng.choice(real)
            if f.endswith(".raw"):
                x = np.fromfile(f, dtype="<i2").astype(np.float64) / 32768.0; r = 16000
            else:  # NIST SPHERE and other headers: through sox
                converted = os.path.join(cache, "real-%s.wav" % os.path.basename(f))
                if not os.path.exists(converted):
                    subprocess.run(["sox", f, "-b", "16", "-c", "1", converted], check=True)
                x, r = read_wav(converted)
        else:
            text = sentence(rng, int(rng.integers(6, 14)))
            speed = int(rng.integers(130, 200)); pitch = int(rng.integers(25, 75))
            x, r = espeak(text, voice, speed, pitch, cache, "%s-%d" % (tag, rng.integers(1 << 30)))
        x = resample(x, r, rate, cache)
        x = x / (rms(x[np.abs(x) > 0.01]) if np.any(np.abs(x) > 0.01) else rms(x) + 1e-9)
        gap = np.zeros(int(rng.uniform(0.05, 0.4) * rate))
        out = np.concatenate([out, x, gap])
    start = int(rng.integers(0, max(1, len(out) - n)))
    return out[start:start + n]


def babble(rng, n, rate, voices, cache, tag):
    talkers = int(rng.integers(4, 9))
    y = np.zeros(n)
    for k in range(talkers):
        s = speech(rng, n, rate, voices, cache, "%s-b%d" % (tag, k), None)
        y += s * 10 ** (rng.uniform(-6, 0) / 20)
    return y / rms(y)


def midi_song(rng, path):
    """A short multi-instrument song as a type-0 MIDI file: chords, bass, melody and often drums."""
    tpq = 480
    tempo = int(rng.integers(70, 170))
    key = int(rng.integers(0, 12))
    minor = rng.random() < 0.4
    scale = [0, 2, 3, 5, 7, 8, 10] if minor else [0, 2, 4, 5, 7, 9, 11]
    progression = [list(p) for p in [(0, 4, 5, 3), (0, 5, 3, 4), (5, 3, 0, 4), (0, 3, 4, 0)]][rng.integers(0, 4)]
    events = []  # (tick, bytes)
    chord_prog, melody_prog, bass_prog = (int(rng.choice(GM_PROGRAMS)) for _ in range(3))
    events += [(0, bytes([0xC0, chord_prog])), (0, bytes([0xC1, melody_prog])), (0, bytes([0xC2, 32 + rng.integers(0, 8)]))]
    drums = rng.random() < 0.7
    bars = 12
    for bar in range(bars):
        degree = progression[bar % 4]
        root = 48 + key + scale[degree]
        t0 = bar * 4 * tpq
        chord = [root, root + (3 if minor and degree in (0, 3, 4) else 4), root + 7]
        for p in chord:
            events += [(t0, bytes([0x90, p, 70])), (t0 + 4 * tpq - 10, bytes([0x80, p, 0]))]
        for beat in range(4):
            b = root - 12 + (7 if beat == 2 else 0)
            events += [(t0 + beat * tpq, bytes([0x92, b, 90])), (t0 + beat * tpq + tpq - 20, bytes([0x82, b, 0]))]
        t = t0
        while t < t0 + 4 * tpq:
            dur = int(rng.choice([tpq // 2, tpq, tpq // 4 * 3]))
            if rng.random() < 0.85:
                p = 72 + key + scale[int(rng.integers(0, 7))] - (12 if rng.random() < 0.3 else 0)
                events += [(t, bytes([0x91, p, int(rng.integers(60, 110))])), (t + dur - 10, bytes([0x81, p, 0]))]
            t += dur
        if drums:
            for eighth in range(8):
                tt = t0 + eighth * tpq // 2
                events += [(tt, bytes([0x99, 42, 60])), (tt + 60, bytes([0x89, 42, 0]))]
                if eighth in (0, 4) or (eighth == 5 and rng.random() < 0.3):
                    events += [(tt, bytes([0x99, 36, 100])), (tt + 60, bytes([0x89, 36, 0]))]
                if eighth in (2, 6):
                    events += [(tt, bytes([0x99, 38, 95])), (tt + 60, bytes([0x89, 38, 0]))]
    events.sort(key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90))
    track = bytearray()
    track += b"\x00\xff\x51\x03" + struct.pack(">I", 60000000 // tempo)[1:]
    last = 0
    for tick, data in events:
        delta = tick - last
        last = tick
        vlq = [delta & 0x7F]
        delta >>= 7
        while delta:
            vlq.append((delta & 0x7F) | 0x80)
            delta >>= 7
        track += bytes(reversed(vlq)) + data
    track += b"\x00\xff\x2f\x00"
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq) + b"MTrk" + struct.pack(">I", len(track)) + track)


def music(rng, n, rate, cache, tag, songs):
    key = "%s-%d" % (tag, rng.integers(0, songs))
    wav = os.path.join(cache, "song-%s.wav" % key)
    if not os.path.exists(wav):
        mid = os.path.join(cache, "song-%s.mid" % key)
        midi_song(np.random.default_rng(abs(hash(key)) % (1 << 31)), mid)
        subprocess.run(["fluidsynth", "-ni", "-g", "0.5", "-r", "22050", "-F", wav, SOUNDFONT, mid], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["sox", wav, "-b", "16", "-c", "1", wav + ".m.wav"], check=True)
        os.replace(wav + ".m.wav", wav)
    x, r = read_wav(wav)
    x = resample(x, r, rate, cache)
    start = int(rng.integers(int(0.5 * rate), max(int(0.5 * rate) + 1, len(x) - n - rate)))
    y = x[start:start + n]
    return np.pad(y, (0, n - len(y)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clips", type=int, default=40, help="clips per class")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--eval", action="store_true", help="held-out set: other voices, songs, levels and SNRs")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    cache = os.path.join(a.out, ".cache")
    os.makedirs(cache, exist_ok=True)
    voices = EVAL_VOICES if a.eval else TRAIN_VOICES
    librivox = sorted(os.path.join(POCKETSPHINX, "librivox", f) for f in os.listdir(os.path.join(POCKETSPHINX, "librivox")) if f.endswith(".wav"))
    cards = sorted(os.path.join(POCKETSPHINX, "cards", f) for f in os.listdir(os.path.join(POCKETSPHINX, "cards")) if f.endswith(".wav"))
    real = (librivox[3:] + cards[3:]) if a.eval else (librivox[:3] + cards[:3] + [os.path.join(POCKETSPHINX, f) for f in ("goforward.raw", "numbers.raw", "something.raw")])
    songs = 6 if a.eval else 12
    tag = ("eval%d" if a.eval else "train%d") % a.seed
    under_share = 0.4 if a.eval else 0.5
    snr = (0.0, 15.0) if a.eval else (0.0, 20.0)
    for c in CLASSES:
        os.makedirs(os.path.join(a.out, c), exist_ok=True)
        for i in range(a.clips):
            rate = int(rng.choice(RATES))
            n = int(a.seconds * rate)
            if c == "white":
                y = coloured(rng, n, rate, rng.uniform(-0.1, 0.1))
            elif c == "pink":
                y = coloured(rng, n, rate, rng.uniform(0.8, 1.2))
            elif c == "brown":
                y = coloured(rng, n, rate, rng.uniform(1.8, 2.2))
            elif c == "hum":
                y = hum(rng, n, rate)
            elif c == "impulsive":
                y = impulsive(rng, n, rate)
            elif c == "babble":
                y = babble(rng, n, rate, voices, cache, tag)
            elif c == "music":
                y = music(rng, n, rate, cache, tag, songs)
            elif c == "speech":
                y = speech(rng, n, rate, voices, cache, tag, real)
                y += coloured(rng, n, rate, 1.0) * rms(y) * 10 ** (rng.uniform(-70, -45) / 20)
            else:  # silence: very low-level noise, sometimes nearly digital zero
                y = coloured(rng, n, rate, rng.choice([0.0, 1.0, 2.0]))
            level = rng.uniform(-100, -70) if c == "silence" else rng.uniform(-42, -12)
            y = at_level(y, level)
            name = "%s-%s-%03d" % (c, tag, i)
            if c in UNDER_SPEECH and rng.random() < under_share:
                s = speech(rng, n, rate, voices, cache, tag + "u", real)
                y = y + at_level(s, level + rng.uniform(*snr))
                name += "-under-speech"
            peak = np.max(np.abs(y))
            if peak > 0.98:
                y *= 0.98 / peak
            write_wav(os.path.join(a.out, c, name + ".wav"), y, rate)
        print("%s: %d clips" % (c, a.clips), flush=True)


if __name__ == "__main__":
    main()
