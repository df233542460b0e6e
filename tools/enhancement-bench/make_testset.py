#!/usr/bin/env python3
"""Builds the enhancement test set: clean speech x noise type x SNR, deterministically.

Clean speech: real recordings from Debian's pocketsphinx-testdata (16 kHz) and two espeak-ng
sentences. Each clean clip gets 0.5 s of leading silence (the noise is there alone, as in a real
recording that starts before the talker; sox noisered takes its noise profile from it).
Noises: white, pink (1/f), babble (six espeak-ng talkers), hum (50 or 60 Hz with harmonics),
music (synthetic chords and bass), bursts (non-stationary: loud noise bursts over a low floor).
Mixed at a global SNR of -5, 0, 5, 10 dB (clean power over noise power, whole clip); the clean
and the noisy clip share one scale so that the noisy peak is 0.9.

Usage: make_testset.py OUT_DIR      (needs /usr/bin/python3 with numpy, ffmpeg, espeak-ng)
Writes OUT_DIR/clean/NAME.wav, OUT_DIR/noisy/NAME__NOISE__SNR.wav (16 kHz mono 16-bit) and
OUT_DIR/manifest.tsv (noisy, clean, speech, noise, snr).
"""
import os
import subprocess
import sys
import wave

import numpy as np

RATE = 16000
PS = "/usr/share/pocketsphinx/test/data"
SNRS = [-5, 0, 5, 10]
NOISES = ["white", "pink", "babble", "hum", "music", "bursts"]
LEAD_IN = 0.5
MAX_SECONDS = 7.0

SPEECH = [
    ("goforward", PS + "/goforward.raw"),
    ("numbers", PS + "/numbers.raw"),
    ("something", PS + "/something.raw"),
    ("librivox0870", PS + "/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"),
    ("librivox0880", PS + "/librivox/sense_and_sensibility_01_austen_64kb-0880.wav"),
    ("librivox0890", PS + "/librivox/sense_and_sensibility_01_austen_64kb-0890.wav"),
    ("librivox0920", PS + "/librivox/sense_and_sensibility_01_austen_64kb-0920.wav"),
    ("librivox0930", PS + "/librivox/sense_and_sensibility_01_austen_64kb-0930.wav"),
    ("cards002", PS + "/cards/002.wav"),
    ("cards005", PS + "/cards/005.wav"),
]
ESPEAK_TARGETS = [
    ("espeak_us_m", "en-us", "The quick brown fox jumps over the lazy dog near the river bank."),
    ("espeak_us_f", "en-us+f3", "Please send the enhanced recording to the transcription service tonight."),
]
BABBLE_TALKERS = [
    ("en-gb", "Yesterday the weather was mild and the market square was full of people."),
    ("en-us+f2", "She said that the train would leave at half past seven from platform four."),
    ("en-gb-scotland", "Numbers one two three four five six seven eight nine ten."),
    ("en-us+m3", "Every evening he walked along the canal and counted the boats."),
    ("en-029", "A cup of tea and a slice of cake would be lovely right now."),
    ("en-us+f4", "The committee will publish its report after the summer holidays."),
]


def decode(path, raw=False):
    cmd = ["ffmpeg", "-v", "error"]
    if raw:
        cmd += ["-f", "s16le", "-ar", "16000", "-ac", "1"]
    cmd += ["-i", path, "-ar", str(RATE), "-ac", "1", "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(cmd, check=True, capture_output=True).stdout, dtype=np.float32).astype(np.float64)


def espeak(voice, text, tmp):
    wav = os.path.join(tmp, "espeak.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", wav, text], check=True)
    return decode(wav)


def write_wav(path, x):
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def pink(n, rng):
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=np.float64)
    f[0] = 1
    return np.fft.irfft(spec / np.sqrt(f), n)


def hum(n, rng, index):
    f0 = 50.0 if index % 2 == 0 else 60.0
    t = np.arange(n) / RATE
    x = np.zeros(n)
    for h in range(1, 12):
        amp = (1.0 if h == 1 else 0.6 / h) * (1.6 if h % 2 == 1 else 1.0)
        x += amp * np.sin(2 * np.pi * h * f0 * t + rng.uniform(0, 2 * np.pi))
    return x + 0.002 * rng.standard_normal(n)  # the faint floor of a real line


def music(n, rng):
    """Chords and a bass line at 110 BPM: additive harmonic tones with plucked envelopes."""
    t = np.arange(n) / RATE
    x = np.zeros(n)
    beat = 60 / 110
    roots = [57, 53, 48, 55]  # A F C G (MIDI)
    step = 0
    start = 0.0
    while start < n / RATE:
        root = roots[(step // 4) % 4]
        for note, gain in ((root - 12, 1.0), (root, 0.5), (root + 4 if step % 8 < 4 else root + 3, 0.4),
                           (root + 7, 0.4)):
            f = 440 * 2 ** ((note - 69) / 12)
            s = int(start * RATE)
            e = min(n, s + int(beat * RATE * 1.2))
            tt = t[s:e] - start
            env = np.exp(-tt * 3.0) * np.minimum(1, tt * 200)
            tone = sum((0.6 ** k) * np.sin(2 * np.pi * f * (k + 1) * tt) for k in range(6))
            x[s:e] += gain * env * tone
        step += 1
        start += beat / 2
    return x


def bursts(n, rng):
    x = 0.03 * rng.standard_normal(n)
    pos = int(rng.uniform(0.1, 0.5) * RATE)
    while pos < n:
        length = int(rng.uniform(0.05, 0.3) * RATE)
        e = min(n, pos + length)
        burst = rng.standard_normal(e - pos) * (10 ** (rng.uniform(-6, 6) / 20))
        if rng.uniform() < 0.5:  # half of them low-pass (thumps), half broadband (clatter)
            burst = np.convolve(burst, np.ones(8) / 8, mode="same") * 2
        ramp = np.minimum(1, np.minimum(np.arange(e - pos), np.arange(e - pos)[::-1]) / (0.005 * RATE))
        x[pos:e] += burst * ramp
        pos = e + int(rng.uniform(0.2, 0.9) * RATE)
    return x


def babble(n, talkers, rng):
    x = np.zeros(n)
    for voice in talkers:
        v = voice / (np.sqrt(np.mean(voice ** 2)) + 1e-12)
        reps = int(np.ceil((n + len(v)) / len(v))) + 1
        loop = np.tile(v, reps)
        off = int(rng.uniform(0, len(v)))
        x += loop[off:off + n]
    return x


def make_noise(kind, n, rng, index, talkers):
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":
        return pink(n, rng)
    if kind == "babble":
        return babble(n, talkers, rng)
    if kind == "hum":
        return hum(n, rng, index)
    if kind == "music":
        return music(n, rng)
    if kind == "bursts":
        return bursts(n, rng)
    raise ValueError(kind)


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "clean"), exist_ok=True)
    os.makedirs(os.path.join(out, "noisy"), exist_ok=True)
    tmp = os.path.join(out, "tmp")
    os.makedirs(tmp, exist_ok=True)
    clips = []
    for name, path in SPEECH:
        clips.append((name, decode(path, raw=path.endswith(".raw"))))
    for name, voice, text in ESPEAK_TARGETS:
        clips.append((name, espeak(voice, text, tmp)))
    talkers = [espeak(v, t, tmp) for v, t in BABBLE_TALKERS]
    rows = []
    for index, (name, speech) in enumerate(clips):
        speech = speech[: int(MAX_SECONDS * RATE)]
        speech = speech - np.mean(speech)
        clean = np.concatenate([np.zeros(int(LEAD_IN * RATE)), speech])
        clean = clean / np.max(np.abs(clean)) * 0.5
        n = len(clean)
        write_wav(os.path.join(out, "clean", name + ".wav"), clean)
        rows.append(("clean/%s.wav" % name, "clean/%s.wav" % name, name, "clean", "inf"))
        for kind_index, kind in enumerate(NOISES):
            rng = np.random.default_rng(1000 * index + kind_index)
            noise = make_noise(kind, n, rng, index, talkers)
            for snr in SNRS:
                g = np.sqrt(np.sum(clean ** 2) / (np.sum(noise ** 2) * 10 ** (snr / 10)))
                noisy = clean + g * noise
                scale = 0.9 / np.max(np.abs(noisy))
                rel = "noisy/%s__%s__%+d.wav" % (name, kind, snr)
                ref = "clean/%s__%s__%+d.wav" % (name, kind, snr)
                write_wav(os.path.join(out, rel), noisy * scale)
                write_wav(os.path.join(out, ref), clean * scale)
                rows.append((rel, ref, name, kind, str(snr)))
    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("noisy\tclean\tspeech\tnoise\tsnr_db\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("wrote %d clips to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
