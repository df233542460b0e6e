#!/usr/bin/env python3
"""Trains a narrow DeepFilterNet3 on generated data, on CPU, and exports it for the Java engine.

No DeepFilterNet weights can be downloaded here; this script makes our own. The network is
dfn3_random_net.py's DeepFilterNet3 topology (the released tensor names, ranks and config.ini, so
enhancement-service's DeepFilterNet3 engine loads it unchanged) at a width that trains on two CPU
cores in about an hour (--width: small, mid (default) or full). The processing around the network
is libDF's, as make_dfn_fixtures.py writes it in numpy and the Java engine runs it: Vorbis-window
STFT 960/480 at 48 kHz scaled by wnorm, ERB features in dB with the exponential mean normalisation,
unit-normalised complex features of the lowest 96 bins, model output u belonging to frame u - 2,
ERB gains on every bin, deep filtering of the lowest 96 bins (order 5, look-ahead 2), overlap-add.
Here it is written in torch so that the loss can reach the network through it.

Training data (nothing of the enhancement test set, make_testset.py, is used):
- speech, half real and half synthetic: real recordings of single words, letters and syllables by
  many talkers in some 30 languages (KDE's ktuberling and klettres data, about 73 minutes), one
  after another with pauses; espeak-ng voices and variants other than the test set's two target
  voices, flite's voices (kal, kal16, awb, rms, slt), festival's kal diphone and slt HTS voices, on
  random sentences drawn from a word list (never the test set's sentences); and the one
  pocketsphinx-testdata recording that the test set leaves out (tidigits dhd.2934z). No talker of
  the test set (its pocketsphinx recordings, LibriVox, cards, its espeak-ng voices) is in the pool.
- noise, drawn anew for every example with its own random parameters: white, coloured (1/f^a,
  a in 0.5..2), babble (3..8 talkers from the pool), hum (48..62 Hz fundamental, random
  harmonics), music (random chords, bass, tempo and timbre, drum hits), bursts (random lengths,
  levels and colours over a floor), and pairs of these. The families are those of the test set,
  with independent generators and parameters: the set measures matched noise families, not
  unseen ones.
- mixtures: 3 s, SNR uniform in -8..20 dB, and 20 % of the examples at 35..60 dB (so that clean
  input learns to pass unchanged); 70 % band-limited to 8 kHz (as 16 kHz input reaches the
  engine), 30 % at the source's own band; random level 6..40 dB below full scale; 0..0.8 s of
  noise alone at the start. A tenth of the utterances is held out for validation.

Loss: SI-SDR of the output signal, a power-law compressed (0.3) spectral magnitude loss, and the
lsnr head against the frame SNR (clamped to -15..35 dB) so that the engine's lsnr gates work.

Usage (needs Debian's python3-torch, python3-numpy, python3-scipy, python3-onnx, espeak-ng, flite,
festival, festvox-kallpc16k, festvox-us-slt-hts, ktuberling-data, klettres-data, pocketsphinx-testdata):
  /usr/bin/python3 train_dfn3.py pool WORK                  # the speech pool (WORK/pool.npz, 1.7 GB), ~10 min
  /usr/bin/python3 train_dfn3.py train WORK [--minutes 60] [--width mid] [--seed 1] [--lr 3e-3] [--init last.pt]
  /usr/bin/python3 train_dfn3.py export WORK OUT_DIR        # enc.onnx, erb_dec.onnx, df_dec.onnx, config.ini
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dfn3_random_net as dfn3  # noqa: E402
import make_dfn_fixtures as ref  # noqa: E402

SR = ref.SR
FFT, HOP, NB_ERB, NB_DF, ORDER, LOOKAHEAD, CONV_LOOKAHEAD = ref.FFT, ref.HOP, ref.NB_ERB, ref.NB_DF, ref.ORDER, \
    ref.LOOKAHEAD, ref.CONV_LOOKAHEAD
BINS = FFT // 2 + 1
ALPHA = float(ref.ALPHA)
WNORM = float(ref.WNORM)
SECONDS = 3.0
SAMPLES = int(SECONDS * SR)

dfn3.WIDTHS["mid"] = dfn3.Widths(32, 64, 64, dfn3.ENC_GROUPS // 2, dfn3.LIN_GROUPS // 2, dfn3.DF_GRU_GROUPS // 2)

# ------------------------------------------------------------------ speech pool
WORDS = """time person year way day thing man world life hand part child eye woman place work week case point
government company number group problem fact river morning garden window table letter station music
evening summer winter market bridge village doctor teacher engine record signal voice paper kitchen
forest mountain island city street harbour factory office coffee bread water orange yellow purple
silver golden quiet sudden gentle heavy bright narrow simple careful ancient modern friendly
take give find tell ask seem feel leave call keep begin show hear play run move live believe bring
happen write provide stand lose pay meet include continue learn change lead understand watch follow
stop create speak read allow spend grow open walk offer remember consider appear buy wait serve die
send expect build stay fall cut reach remain suggest raise pass sell require report decide pull
always never often rarely slowly quickly almost nearly together again later early tomorrow yesterday
seven eleven twelve twenty thirty forty hundred thousand first second third last next every""".split()
FUNCTION = "the a an this that some many few our their his her my your of in on at with from to for by".split()
PRONOUNS = "I you we they she he it people everyone nobody".split()


def sentences(rng, count):
    out = []
    while len(out) < count:
        words = [rng.choice(PRONOUNS)]
        for _ in range(rng.integers(4, 12)):
            words.append(rng.choice(FUNCTION) if rng.uniform() < 0.3 else rng.choice(WORDS))
        s = " ".join(words).capitalize() + rng.choice([".", ".", "?", "!"])
        out.append(s)
    return out


ESPEAK_VOICES = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029",
                 "en-us-nyc"]
ESPEAK_VARIANTS = ["", "+m1", "+m2", "+m4", "+m5", "+m6", "+m7", "+f1", "+f2", "+f4", "+f5", "+klatt", "+klatt2",
                   "+whisper", "+croak", "+Andy", "+Denis", "+steph", "+Mario", "+michel", "+quincy"]
# the test set's target talkers (make_testset.ESPEAK_TARGETS): never in the pool
TEST_VOICES = {("en-us", ""), ("en-us", "+f3")}
FLITE_VOICES = ["kal", "kal16", "awb", "rms", "slt"]
FESTIVAL_VOICES = ["voice_kal_diphone", "voice_cmu_us_slt_arctic_hts"]
HELD_OUT_RECORDINGS = ["/usr/share/pocketsphinx/test/data/tidigits/dhd.2934z.raw"]
# real recordings of words, letters and syllables by many talkers in some 30 languages (KDE's
# ktuberling and klettres; Debian packages ktuberling-data, klettres-data)
REAL_WORD_DIRS = ["/usr/share/ktuberling/sounds", "/usr/share/klettres"]


def load_audio(path, raw=False):
    """-> (samples float64, native rate)."""
    probe = ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate", "-of",
             "csv=p=0", path]
    rate = 16000 if raw else int(subprocess.run(probe, check=True, capture_output=True, text=True).stdout.strip())
    cmd = ["ffmpeg", "-v", "error"] + (["-f", "s16le", "-ar", "16000", "-ac", "1"] if raw else [])
    cmd += ["-i", path, "-ac", "1", "-f", "f32le", "-"]
    x = np.frombuffer(subprocess.run(cmd, check=True, capture_output=True).stdout, dtype=np.float32)
    return x.astype(np.float64), rate


def to_48k(x, rate):
    g = math.gcd(SR, rate)
    return resample_poly(x, SR // g, rate // g)


def band_limited(x48):
    """x at 48 kHz through 16 kHz and back: what a 16 kHz recording gives the engine."""
    return resample_poly(resample_poly(x48, 1, 3), 3, 1)


def trim(x, rate):
    """Drops leading and trailing silence (below -50 dB of the peak in 10 ms blocks)."""
    block = rate // 100
    n = len(x) // block
    if n == 0:
        return x
    e = np.sqrt(np.mean(x[:n * block].reshape(n, block) ** 2, axis=1))
    loud = np.nonzero(e > np.max(e) * 10 ** (-50 / 20))[0]
    return x[loud[0] * block:(loud[-1] + 1) * block] if len(loud) else x


def cmd_pool(args):
    rng = np.random.default_rng(7)
    os.makedirs(args.work, exist_ok=True)
    utts, sources = [], []
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "u.wav")
        txt = os.path.join(tmp, "u.txt")
        jobs = []
        for text in sentences(rng, 360):
            voice, variant = rng.choice(ESPEAK_VOICES), rng.choice(ESPEAK_VARIANTS)
            while (voice, variant) in TEST_VOICES:
                voice, variant = rng.choice(ESPEAK_VOICES), rng.choice(ESPEAK_VARIANTS)
            jobs.append(("espeak", voice + variant, text))
        for text in sentences(rng, 150):
            jobs.append(("flite", rng.choice(FLITE_VOICES), text))
        for text in sentences(rng, 60):
            jobs.append(("festival", rng.choice(FESTIVAL_VOICES), text))
        for kind, voice, text in jobs:
            if kind == "espeak":
                cmd = ["espeak-ng", "-v", voice, "-s", str(rng.integers(120, 190)), "-p", str(rng.integers(25, 75)),
                       "-w", wav, text]
            elif kind == "flite":
                cmd = ["flite", "-voice", voice, "-t", text, "-o", wav]
            else:
                with open(txt, "w") as f:
                    f.write(text)
                cmd = ["text2wave", "-eval", "(%s)" % voice, txt, "-o", wav]
            subprocess.run(cmd, check=True, capture_output=True)
            x, rate = load_audio(wav)
            utts.append((trim(x, rate), rate))
            sources.append("%s:%s" % (kind, voice))
        for path in HELD_OUT_RECORDINGS:
            x, rate = load_audio(path, raw=path.endswith(".raw"))
            utts.append((trim(x, rate), rate))
            sources.append("recording:" + os.path.basename(path))
    words = sorted(os.path.join(d, f) for top in REAL_WORD_DIRS for d, _, files in os.walk(top) for f in files
                   if f.endswith((".ogg", ".wav", ".opus")))
    if not words:
        sys.exit("no recordings under %s (apt-get install ktuberling-data klettres-data)" % REAL_WORD_DIRS)
    for path in words:
        try:
            x, rate = load_audio(path)
        except (subprocess.CalledProcessError, ValueError):
            continue
        if len(x) < rate // 5:
            continue
        utts.append((trim(x, rate), rate))
        sources.append("words:" + os.path.relpath(path, "/usr/share"))
    wide, narrow = [], []
    for x, rate in utts:
        x = x - np.mean(x)
        x = x / (np.max(np.abs(x)) + 1e-9)
        w = to_48k(x, rate)
        wide.append(w.astype(np.float32))
        narrow.append((band_limited(w) if rate > 16000 else w).astype(np.float32))
    np.savez(os.path.join(args.work, "pool.npz"), *wide, *narrow)
    with open(os.path.join(args.work, "pool.json"), "w") as f:
        json.dump({"count": len(wide), "sources": sources}, f)
    kinds = ("espeak", "flite", "festival", "recording", "words")
    minutes = {k: sum(len(w) for w, s in zip(wide, sources) if s.startswith(k)) / SR / 60 for k in kinds}
    print("pool: %d utterances; minutes of speech by source %s" % (
        len(wide), json.dumps({k: round(v, 1) for k, v in minutes.items()})))


def load_pool(work):
    """-> (wide, narrow, real): the utterances at their own band and band-limited to 8 kHz, and
    whether each is a real recording."""
    data = np.load(os.path.join(work, "pool.npz"))
    arrays = [data["arr_%d" % i] for i in range(len(data.files))]
    half = len(arrays) // 2
    with open(os.path.join(work, "pool.json")) as f:
        sources = json.load(f)["sources"]
    real = [s.startswith(("words", "recording")) for s in sources]
    return arrays[:half], arrays[half:], real


# ------------------------------------------------------------------ noise
def colored(n, rng, alpha):
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=np.float64)
    f[0] = 1
    return np.fft.irfft(spec / f ** (alpha / 2), n)


def hum(n, rate, rng):
    f0 = rng.choice([50.0, 60.0]) + rng.uniform(-2, 2)
    t = np.arange(n) / rate
    x = np.zeros(n)
    for h in range(1, rng.integers(3, 16)):
        amp = rng.uniform(0.05, 1.0) / h ** rng.uniform(0, 1.2)
        x += amp * np.sin(2 * np.pi * h * f0 * t + rng.uniform(0, 2 * np.pi))
    return x + rng.uniform(0, 0.01) * rng.standard_normal(n)


def music(n, rate, rng):
    t = np.arange(n) / rate
    x = np.zeros(n)
    beat = 60 / rng.uniform(70, 160)
    roots = rng.integers(40, 64, size=4)
    decay = rng.uniform(0.5, 6)
    partial = rng.uniform(0.3, 0.8)
    sustain = rng.uniform(0.8, 3.0)
    step = 0
    start = -rng.uniform(0, beat)
    while start < n / rate:
        root = roots[(step // 4) % 4]
        chord = (root - 12, root, root + (4 if rng.uniform() < 0.5 else 3), root + 7, root + rng.choice([10, 11, 12]))
        for note in chord[:rng.integers(2, 6)]:
            f = 440 * 2 ** ((note - 69) / 12)
            s = max(0, int(start * rate))
            e = min(n, int((start + beat * sustain) * rate))
            if e <= s:
                continue
            tt = t[s:e] - start
            env = np.exp(-tt * decay) * np.minimum(1, tt * rng.uniform(20, 400))
            tone = sum((partial ** k) * np.sin(2 * np.pi * f * (k + 1) * tt) for k in range(rng.integers(2, 9))
                       if f * (k + 1) < rate / 2)
            x[s:e] += rng.uniform(0.3, 1.0) * env * tone
        if rng.uniform() < 0.5:  # a drum hit
            s = max(0, int(start * rate))
            e = min(n, s + int(0.08 * rate))
            x[s:e] += rng.uniform(0.5, 2) * rng.standard_normal(e - s) * np.exp(-np.arange(e - s) / (0.02 * rate))
        step += 1
        start += beat / rng.choice([1, 2])
    return x


def bursts(n, rate, rng):
    x = rng.uniform(0.005, 0.05) * rng.standard_normal(n)
    pos = int(rng.uniform(0.0, 0.5) * rate)
    while pos < n:
        length = int(rng.uniform(0.03, 0.4) * rate)
        e = min(n, pos + length)
        burst = rng.standard_normal(e - pos) * (10 ** (rng.uniform(-8, 8) / 20))
        k = rng.integers(1, 16)
        if 1 < k <= e - pos:  # (np.convolve's "same" output is as long as the longer input)
            burst = np.convolve(burst, np.ones(k) / k, mode="same") * math.sqrt(k)
        ramp = np.minimum(1, np.minimum(np.arange(e - pos), np.arange(e - pos)[::-1]) / (rng.uniform(0.001, 0.02) * rate))
        x[pos:e] += burst * ramp
        pos = e + int(rng.uniform(0.1, 1.0) * rate)
    return x


def babble(n, pool, rng):
    x = np.zeros(n)
    for _ in range(rng.integers(3, 9)):
        v = pool[rng.integers(len(pool))].astype(np.float64)
        v = v / (np.sqrt(np.mean(v ** 2)) + 1e-9)
        reps = int(np.ceil(n / len(v))) + 2
        loop = np.tile(v, reps)
        off = rng.integers(len(v))
        x += loop[off:off + n]
    return x


KINDS = ["white", "colored", "babble", "hum", "music", "bursts"]


def noise(kind, n48, narrow, pool, rng):
    """One noise of `kind`, n48 samples at 48 kHz; narrow: generated at 16 kHz and upsampled."""
    rate = 16000 if narrow else SR
    n = n48 // (SR // rate) + 1 if narrow else n48
    if kind == "white":
        x = rng.standard_normal(n)
    elif kind == "colored":
        x = colored(n, rng, rng.uniform(0.5, 2.0))
    elif kind == "hum":
        x = hum(n, rate, rng)
    elif kind == "music":
        x = music(n, rate, rng)
    elif kind == "bursts":
        x = bursts(n, rate, rng)
    else:
        return babble(n48, pool, rng)
    if narrow:
        x = resample_poly(x, 3, 1)
    return x[:n48]


def example(rng, wide, narrow, talker_sets):
    """(noisy, clean) float32 [SAMPLES] at 48 kHz. Half the examples are real recordings (words
    one after another), half synthetic sentences; talker_sets = (indices of the real utterances,
    indices of the synthetic ones), both sorted (see split_talkers)."""
    is_narrow = rng.uniform() < 0.7
    pool = narrow if is_narrow else wide
    real, synthetic = talker_sets
    talkers = real if rng.uniform() < 0.5 else synthetic
    clean = np.zeros(SAMPLES)
    pos = int(rng.uniform(0, 0.8) * SR)
    while pos < SAMPLES:
        u = pool[talkers[rng.integers(len(talkers))]].astype(np.float64)
        u = u * 10 ** (rng.uniform(-6, 0) / 20)
        take = min(len(u), SAMPLES - pos)
        clean[pos:pos + take] += u[:take]
        pos += take + int(rng.uniform(0.1, 0.7) * SR)
    kinds = [KINDS[rng.integers(len(KINDS))]]
    if rng.uniform() < 0.2:
        kinds.append(KINDS[rng.integers(len(KINDS))])
    nz = np.zeros(SAMPLES)
    for k in kinds:
        part = noise(k, SAMPLES, is_narrow, pool, rng)
        nz += part / (np.sqrt(np.mean(part ** 2)) + 1e-12) * 10 ** (rng.uniform(-6, 0) / 20)
    snr = rng.uniform(35, 60) if rng.uniform() < 0.2 else rng.uniform(-8, 20)
    g = math.sqrt(np.sum(clean ** 2) / (np.sum(nz ** 2) * 10 ** (snr / 10) + 1e-12))
    noisy = clean + g * nz
    scale = 10 ** (-rng.uniform(6, 40) / 20) / (np.max(np.abs(noisy)) + 1e-12)
    return (noisy * scale).astype(np.float32), (clean * scale).astype(np.float32)


def split_talkers(real):
    """real: per utterance, whether it is a real recording -> (indices of the real ones, indices of
    the synthetic ones), for example()."""
    return [i for i, r in enumerate(real) if r], [i for i, r in enumerate(real) if not r]


# ------------------------------------------------------------------ libDF's chain in torch
class Chain:
    def __init__(self):
        self.window = torch.from_numpy(ref.vorbis_window().astype(np.float32))
        widths = ref.erb_widths()
        self.widths = torch.tensor(widths)
        fb = np.zeros((BINS, NB_ERB), np.float32)
        edges = np.concatenate([[0], np.cumsum(widths)])
        for b in range(NB_ERB):
            fb[edges[b]:edges[b + 1], b] = 1.0 / widths[b]
        self.erb_fb = torch.from_numpy(fb)
        self.mean_init = torch.from_numpy(np.linspace(-60, -90, NB_ERB).astype(np.float32))
        self.unit_init = torch.from_numpy(np.linspace(0.001, 0.0001, NB_DF).astype(np.float32))

    def stft(self, x):
        """[B, N] (N a multiple of HOP) -> [B, N/HOP, BINS] complex, as ref.analysis."""
        xp = torch.nn.functional.pad(x, (FFT - HOP, 0))
        frames = xp.unfold(1, FFT, HOP) * self.window
        return torch.fft.rfft(frames, dim=-1) * WNORM

    def istft(self, spec, length):
        """As ref.enhance_with's synthesis: irfft * FFT * window, overlap-add, input delay removed."""
        frames = torch.fft.irfft(spec, n=FFT, dim=-1) * FFT * self.window  # [B, T, FFT]
        b, t, _ = frames.shape
        out = torch.nn.functional.fold(frames.transpose(1, 2), output_size=(1, (t + 1) * HOP),
                                       kernel_size=(1, FFT), stride=(1, HOP))
        return out.reshape(b, -1)[:, FFT - HOP:FFT - HOP + length]

    def features(self, spec):
        """spec [B, T, BINS] -> feat_erb [B, 1, T, 32], feat_spec [B, 2, T, 96] (ref.features)."""
        power = spec.real ** 2 + spec.imag ** 2
        v = 10 * torch.log10(power @ self.erb_fb + 1e-10)
        mag = spec[..., :NB_DF].abs()
        mean = self.mean_init.expand(spec.shape[0], -1).clone()
        unit = self.unit_init.expand(spec.shape[0], -1).clone()
        erb_out, unit_out = [], []
        for t in range(spec.shape[1]):
            mean = v[:, t] * (1 - ALPHA) + mean * ALPHA
            unit = mag[:, t] * (1 - ALPHA) + unit * ALPHA
            erb_out.append((v[:, t] - mean) / 40)
            unit_out.append(unit)
        feat_erb = torch.stack(erb_out, 1)[:, None]
        z = spec[..., :NB_DF] / torch.sqrt(torch.stack(unit_out, 1))
        return feat_erb, torch.stack([z.real, z.imag], 1)

    def apply(self, spec, m, coefs):
        """ERB gains on every bin, deep filter on the lowest 96 (no lsnr gates: training)."""
        g = torch.repeat_interleave(m, self.widths, dim=-1)  # [B, T, BINS]
        y = spec * g
        b, t = spec.shape[0], spec.shape[1]
        c = coefs.reshape(b, t, NB_DF, ORDER, 2)
        c = torch.complex(c[..., 0], c[..., 1])  # [B, T, 96, ORDER]
        low = torch.nn.functional.pad(spec[..., :NB_DF], (0, 0, ORDER - 1 - LOOKAHEAD, LOOKAHEAD))
        taps = low.unfold(1, ORDER, 1)  # [B, T, 96, ORDER]: frames t-2 .. t+2
        df = (taps * c).sum(-1)
        return torch.cat([df, y[..., NB_DF:]], dim=-1)


def run_networks(nets, feat_erb, feat_spec):
    """The model outputs of every frame: 2 zero frames fed past the end, output u -> frame u - 2."""
    fe = torch.nn.functional.pad(feat_erb, (0, 0, 0, CONV_LOOKAHEAD))
    fs = torch.nn.functional.pad(feat_spec, (0, 0, 0, CONV_LOOKAHEAD))
    m, coefs, lsnr = dfn3.forward_all(nets, fe, fs)
    return m[:, 0, CONV_LOOKAHEAD:], coefs[:, CONV_LOOKAHEAD:], lsnr[:, CONV_LOOKAHEAD:, 0]


def si_sdr(est, ref_sig):
    ref_sig = ref_sig - ref_sig.mean(-1, keepdim=True)
    est = est - est.mean(-1, keepdim=True)
    a = (est * ref_sig).sum(-1, keepdim=True) / ((ref_sig ** 2).sum(-1, keepdim=True) + 1e-12)
    target = a * ref_sig
    return 10 * torch.log10((target ** 2).sum(-1) / (((est - target) ** 2).sum(-1) + 1e-12) + 1e-12)


def self_check(chain):
    """The torch chain against make_dfn_fixtures.py's numpy one: analysis, features and synthesis."""
    rng = np.random.default_rng(3)
    x = (0.1 * rng.standard_normal(HOP * 40)).astype(np.float32)
    spec_ref = ref.analysis(x)
    fe_ref, fs_ref = ref.features(spec_ref, ref.erb_widths())
    spec = chain.stft(torch.from_numpy(x)[None])
    fe, fs = chain.features(spec)
    y = chain.istft(spec, len(x))[0].numpy()
    errs = {"stft": float(np.abs(spec[0].numpy() - spec_ref).max() / np.abs(spec_ref).max()),
            "feat_erb": float(np.abs(fe[0, 0].numpy() - fe_ref).max()),
            "feat_spec": float(np.abs(fs[0].numpy().transpose(1, 0, 2) - fs_ref).max()),
            "resynthesis": float(np.abs(y[FFT:-FFT] - x[FFT:-FFT]).max() / np.abs(x).max())}
    assert all(v < 1e-4 for v in errs.values()), errs
    return errs


# ------------------------------------------------------------------ training
def build(width, seed):
    torch.manual_seed(seed)
    w = dfn3.WIDTHS[width]
    nets = {"enc": dfn3.Encoder(w), "erb_dec": dfn3.ErbDecoder(w), "df_dec": dfn3.DfDecoder(w)}
    # torch's default bounds for every layer, the grouped linears included (they start at zero,
    # which would leave the ReLU after them, and the whole recurrent path, without a gradient)
    for i, net in enumerate(nets.values()):
        dfn3.randomize(net, seed=seed * 10 + i)
    return nets


def losses(chain, nets, noisy, clean):
    spec = chain.stft(noisy)
    spec_clean = chain.stft(clean)
    with torch.no_grad():
        feat_erb, feat_spec = chain.features(spec)
        noise_power = (spec - spec_clean).abs().pow(2).sum(-1)
        lsnr_target = (10 * torch.log10(spec_clean.abs().pow(2).sum(-1) / (noise_power + 1e-20) + 1e-20)).clamp(
            dfn3.LSNR_MIN, dfn3.LSNR_MAX)
    m, coefs, lsnr = run_networks(nets, feat_erb, feat_spec)
    out = chain.apply(spec, m, coefs)
    y = chain.istft(out, noisy.shape[1])
    sdr = si_sdr(y, clean)
    with torch.no_grad():
        gain = sdr - si_sdr(noisy, clean)
        noisy_sdr = si_sdr(noisy, clean)
        gain_noisy = float(gain[noisy_sdr < 25].mean()) if bool((noisy_sdr < 25).any()) else float("nan")
        kept_clean = float(sdr[noisy_sdr >= 25].mean()) if bool((noisy_sdr >= 25).any()) else float("nan")
    mag_y, mag_s = out.abs().clamp_min(1e-12).pow(0.3), spec_clean.abs().clamp_min(1e-12).pow(0.3)
    spec_loss = ((mag_y - mag_s) ** 2).mean((1, 2)) / (mag_s ** 2).mean((1, 2))
    lsnr_loss = ((lsnr - lsnr_target) / 10) ** 2
    loss = -sdr.mean() / 10 + spec_loss.mean() * 10 + lsnr_loss.mean() * 0.5
    return loss, {"si_sdr": float(sdr.mean()), "spec": float(spec_loss.mean()), "lsnr": float(lsnr_loss.mean()),
                  "gain": gain_noisy, "clean": kept_clean}


def cmd_train(args):
    torch.set_num_threads(args.threads)
    chain = Chain()
    print("torch chain vs numpy reference:", self_check(chain), flush=True)
    wide, narrow, real = load_pool(args.work)
    held = [i for i in range(len(wide)) if i % 10 == 0]  # validation utterances
    train_idx = [i for i in range(len(wide)) if i % 10 != 0]
    tw, tn = [wide[i] for i in train_idx], [narrow[i] for i in train_idx]
    ttalkers = split_talkers([real[i] for i in train_idx])
    vw, vn = [wide[i] for i in held], [narrow[i] for i in held]
    vtalkers = split_talkers([real[i] for i in held])
    vrng = np.random.default_rng(99)
    val = [example(vrng, vw, vn, vtalkers) for _ in range(48)]
    val_noisy = torch.from_numpy(np.stack([v[0] for v in val]))
    val_clean = torch.from_numpy(np.stack([v[1] for v in val]))

    nets = build(args.width, args.seed)
    if args.init:
        ckpt = torch.load(os.path.join(args.work, args.init), weights_only=False)
        if ckpt["width"] != args.width:
            sys.exit("%s is width %s, not %s" % (args.init, ckpt["width"], args.width))
        for k, n in nets.items():
            n.load_state_dict(ckpt["state"][k])
        print("starting from %s (step %d)" % (args.init, ckpt["step"]), flush=True)
    params = [p for n in nets.values() for p in n.parameters()]
    print("width %s: %d parameters" % (args.width, sum(p.numel() for p in params)), flush=True)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=1e-4)
    rng = np.random.default_rng(args.seed)
    budget = args.minutes * 60
    t0 = time.time()
    step = 0
    log = open(os.path.join(args.work, "train.log"), "a")
    best = -1e9
    while True:
        elapsed = time.time() - t0
        if elapsed > budget:
            break
        frac = elapsed / budget
        lr = args.lr * (min(1.0, (step + 1) / 50)) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        for group in opt.param_groups:
            group["lr"] = lr
        batch = [example(rng, tw, tn, ttalkers) for _ in range(args.batch)]
        noisy = torch.from_numpy(np.stack([b[0] for b in batch]))
        clean = torch.from_numpy(np.stack([b[1] for b in batch]))
        for n in nets.values():
            n.train()
        loss, parts = losses(chain, nets, noisy, clean)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        if step % 25 == 0 or time.time() - t0 > budget:
            for n in nets.values():
                n.eval()
            with torch.no_grad():
                _, vparts = losses(chain, nets, val_noisy, val_clean)
            # val: mean SI-SDR improvement where the input is under 25 dB, and what the inputs above
            # 25 dB (nearly clean) keep
            line = ("step %d %.1f min lr %.2e train si-sdr %.2f spec %.3f lsnr %.3f | val improvement %.2f dB,"
                    " clean kept %.2f dB, spec %.3f lsnr %.3f" % (
                        step, (time.time() - t0) / 60, lr, parts["si_sdr"], parts["spec"], parts["lsnr"],
                        vparts["gain"], vparts["clean"], vparts["spec"], vparts["lsnr"]))
            print(line, flush=True)
            log.write(line + "\n")
            log.flush()
            state = {k: n.state_dict() for k, n in nets.items()}
            torch.save({"width": args.width, "step": step, "state": state}, os.path.join(args.work, "last.pt"))
            if vparts["gain"] > best:
                best = vparts["gain"]
                torch.save({"width": args.width, "step": step, "state": state, "val_si_sdr": best},
                           os.path.join(args.work, "best.pt"))
    print("done: %d steps, best validation SI-SDR improvement %.2f dB" % (step, best))


def cmd_export(args):
    ckpt = torch.load(os.path.join(args.work, args.checkpoint), weights_only=False)
    nets = build(ckpt["width"], 0)
    for k, n in nets.items():
        n.load_state_dict(ckpt["state"][k])
        n.eval()
    os.makedirs(args.out_dir, exist_ok=True)
    dfn3.export_networks(nets, args.out_dir, ckpt["width"])
    with open(os.path.join(args.out_dir, "config.ini")) as f:
        body = f.read().split("\n", 1)[1]
    with open(os.path.join(args.out_dir, "config.ini"), "w") as f:
        f.write("# audiomesh DeepFilterNet3 topology, width %s, trained on generated data"
                " (tools/enhancement-bench/train_dfn3.py, step %d)\n" % (ckpt["width"], ckpt["step"]))
        f.write(body)
    print("exported step %d (%s) to %s" % (ckpt["step"], args.checkpoint, args.out_dir))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("pool")
    a.add_argument("work")
    a = sub.add_parser("train")
    a.add_argument("work")
    a.add_argument("--minutes", type=float, default=60)
    a.add_argument("--width", default="mid", choices=sorted(dfn3.WIDTHS))
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--batch", type=int, default=16)
    a.add_argument("--lr", type=float, default=3e-3)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--init", help="a checkpoint in WORK (last.pt, best.pt) to start from instead of random weights")
    a = sub.add_parser("export")
    a.add_argument("work")
    a.add_argument("out_dir")
    a.add_argument("--checkpoint", default="best.pt")
    args = p.parse_args()
    {"pool": cmd_pool, "train": cmd_train, "export": cmd_export}[args.cmd](args)


if __name__ == "__main__":
    main()
