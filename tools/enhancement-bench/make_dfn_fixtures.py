#!/usr/bin/env python3
"""Builds the DeepFilterNet3 test fixtures of enhancement-service, deterministically.

1. Three tiny ONNX graphs with the input/output names, ranks and dtypes of the DeepFilterNet3
   export (DeepFilterNet/df/scripts/export.py): enc.onnx (feat_erb [1,1,S,32], feat_spec
   [1,2,S,96] -> e0, e1, e2, e3 [1,1,S,32], emb [1,S,224], c0 [1,2,S,96], lsnr [1,S,1]),
   erb_dec.onnx (emb, e3, e2, e1, e0 -> m [1,1,S,32]) and df_dec.onnx (emb, c0 -> coefs
   [1,S,96,5,2]). Their arithmetic is frame-wise and simple, so numpy below computes it too;
   lsnr = 30 tanh(6 mean(feat_erb)) + 5 dB swings from -25 to 35 dB so that every lsnr gate (zero mask, both stages, ERB only,
   untouched) is taken on the test signal.
2. A numpy reference of libDF's processing (libDF/src/lib.rs and tract.rs at the commit named in
   the engine's Javadoc): Vorbis-window STFT (960/480, wnorm), ERB band energies in dB with the
   exponential mean normalisation (alpha 0.99), unit-normalised complex features of the lowest 96
   bins, conv lookahead 2 (model output u belongs to frame u - 2), the lsnr gates, the ERB gains on
   all bins, deep filtering of the lowest 96 bins with order 5 and lookahead 2, the attenuation
   limit, and overlap-add synthesis with the input delay removed.
3. Fixture files (little-endian float32, shapes in fixtures.json): the input signal, the features
   of every frame, the enhanced output for two attenuation limits, and a stand-alone deep-filter
   case (random spectra and coefficients -> filtered bins).

The chain (enhance_with) takes the network as a function of the features, run over the whole
signal (whole_signal) or in the Java engine's chunks with context (chunked);
make_dfn3_small_fixtures.py runs it with a narrow DeepFilterNet3 of the real topology inside.

Usage: /usr/bin/python3 make_dfn_fixtures.py OUT_DIR   (numpy and onnx: apt-get install python3-onnx)
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SR, FFT, HOP, NB_ERB, NB_DF, ORDER, LOOKAHEAD, CONV_LOOKAHEAD, MIN_NB_FREQS = 48000, 960, 480, 32, 96, 5, 2, 2, 2
ALPHA = np.float32(0.99)  # calc_norm_alpha(48000, 480, tau=1)
BINS = FFT // 2 + 1
F32 = np.float32


# ---------------------------------------------------------------- tiny graphs
def _model(nodes, inputs, outputs, inits, name):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=inits)
    model = helper.make_model(graph, producer_name="audiomesh-tiny-deepfilternet3",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _const(name, value):
    return numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)


def _shape(name, dims):
    return numpy_helper.from_array(np.asarray(dims, dtype=np.int64), name)


def tiny_models(rng):
    t = lambda name, dims: helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)
    enc = _model([
        helper.make_node("Identity", ["feat_erb"], ["e0"]),
        helper.make_node("Mul", ["feat_erb", "k1"], ["e1"]),
        helper.make_node("Mul", ["feat_erb", "k2"], ["e2"]),
        helper.make_node("Mul", ["feat_erb", "k3"], ["e3"]),
        helper.make_node("Reshape", ["feat_erb", "shape_erb"], ["erb_flat"]),
        helper.make_node("Transpose", ["feat_spec"], ["spec_t"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["spec_t", "shape_spec"], ["spec_flat"]),
        helper.make_node("Concat", ["erb_flat", "spec_flat"], ["emb"], axis=2),
        helper.make_node("Mul", ["feat_spec", "kc"], ["c0"]),
        helper.make_node("ReduceMean", ["feat_erb"], ["erb_mean"], axes=[1, 3], keepdims=1),
        helper.make_node("Reshape", ["erb_mean", "shape_lsnr"], ["erb_mean_flat"]),
        helper.make_node("Mul", ["erb_mean_flat", "lsnr_gain"], ["lsnr_x"]),
        helper.make_node("Tanh", ["lsnr_x"], ["lsnr_t"]),
        helper.make_node("Mul", ["lsnr_t", "thirty"], ["lsnr_s"]),
        helper.make_node("Add", ["lsnr_s", "five"], ["lsnr"]),
    ], [t("feat_erb", [1, 1, "S", NB_ERB]), t("feat_spec", [1, 2, "S", NB_DF])],
        [t("e0", [1, 1, "S", NB_ERB]), t("e1", [1, 1, "S", NB_ERB]), t("e2", [1, 1, "S", NB_ERB]),
         t("e3", [1, 1, "S", NB_ERB]), t("emb", [1, "S", NB_ERB + 2 * NB_DF]), t("c0", [1, 2, "S", NB_DF]),
         t("lsnr", [1, "S", 1])],
        [_const("k1", 0.5), _const("k2", -0.25), _const("k3", 0.125), _const("kc", 0.25), _const("lsnr_gain", 6.0),
         _const("thirty", 30.0), _const("five", 5.0), _shape("shape_erb", [1, -1, NB_ERB]),
         _shape("shape_spec", [1, -1, 2 * NB_DF]), _shape("shape_lsnr", [1, -1, 1])], "enc")

    erb_dec = _model([
        helper.make_node("Add", ["e0", "e1"], ["a01"]),
        helper.make_node("Add", ["a01", "e2"], ["a012"]),
        helper.make_node("Add", ["a012", "e3"], ["a0123"]),
        helper.make_node("Slice", ["emb", "s0", "s32", "ax2"], ["emb_erb"]),
        helper.make_node("Reshape", ["emb_erb", "shape_m"], ["emb_m"]),
        helper.make_node("Mul", ["emb_m", "half"], ["emb_half"]),
        helper.make_node("Add", ["a0123", "emb_half"], ["pre"]),
        helper.make_node("Mul", ["pre", "three"], ["pre3"]),
        helper.make_node("Sigmoid", ["pre3"], ["m"]),
    ], [t("emb", [1, "S", NB_ERB + 2 * NB_DF]), t("e3", [1, 1, "S", NB_ERB]), t("e2", [1, 1, "S", NB_ERB]),
        t("e1", [1, 1, "S", NB_ERB]), t("e0", [1, 1, "S", NB_ERB])],
        [t("m", [1, 1, "S", NB_ERB])],
        [_const("half", 0.5), _const("three", 3.0), _shape("s0", [0]), _shape("s32", [NB_ERB]), _shape("ax2", [2]),
         _shape("shape_m", [1, 1, -1, NB_ERB])], "erb_dec")

    w = (rng.standard_normal((NB_ERB, 2 * ORDER)) * 0.3).astype(np.float32)
    u = (rng.standard_normal(2 * ORDER) * 0.5).astype(np.float32)
    df_dec = _model([
        helper.make_node("Slice", ["emb", "s0", "s32", "ax2"], ["emb_erb"]),
        helper.make_node("MatMul", ["emb_erb", "w"], ["proj"]),                 # [1,S,10]
        helper.make_node("Unsqueeze", ["proj", "ax2"], ["proj_f"]),             # [1,S,1,10]
        helper.make_node("Slice", ["c0", "s0", "s1", "ax1"], ["c0_re"]),        # [1,1,S,96]
        helper.make_node("Transpose", ["c0_re"], ["c0_t"], perm=[0, 2, 3, 1]),  # [1,S,96,1]
        helper.make_node("Mul", ["c0_t", "u"], ["c0_u"]),                       # [1,S,96,10]
        helper.make_node("Add", ["proj_f", "c0_u"], ["pre"]),
        helper.make_node("Tanh", ["pre"], ["coefs_flat"]),
        helper.make_node("Reshape", ["coefs_flat", "shape_c"], ["coefs"]),
    ], [t("emb", [1, "S", NB_ERB + 2 * NB_DF]), t("c0", [1, 2, "S", NB_DF])],
        [t("coefs", [1, "S", NB_DF, ORDER, 2])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(u, "u"), _shape("s0", [0]), _shape("s1", [1]),
         _shape("s32", [NB_ERB]), _shape("ax1", [1]), _shape("ax2", [2]), _shape("shape_c", [1, -1, NB_DF, ORDER, 2])],
        "df_dec")
    return enc, erb_dec, df_dec, w, u


def tiny_forward(feat_erb, feat_spec, w, u):
    """numpy of the three graphs for frames [T,32] and [T,2,96] -> m [T,32], coefs [T,96,5] complex, lsnr [T]."""
    e = feat_erb.astype(F32)
    pre = (e + F32(0.5) * e + F32(-0.25) * e + F32(0.125) * e + F32(0.5) * e) * F32(3.0)
    m = (1 / (1 + np.exp(-pre.astype(np.float64)))).astype(F32)
    lsnr = (np.tanh(e.mean(axis=1, dtype=np.float64) * 6) * 30 + 5).astype(F32)
    c0_re = F32(0.25) * feat_spec[:, 0, :]                               # [T,96]
    pre_c = (e @ w)[:, None, :] + c0_re[:, :, None] * u[None, None, :]   # [T,96,10]
    c = np.tanh(pre_c.astype(np.float64)).astype(F32).reshape(-1, NB_DF, ORDER, 2)
    return m, c[..., 0] + 1j * c[..., 1], lsnr


# ---------------------------------------------------------------- libDF in numpy
def freq2erb(f):
    return F32(9.265) * np.log1p(F32(f) / (F32(24.7) * F32(9.265)))


def erb2freq(n):
    return F32(24.7) * F32(9.265) * (np.exp(F32(n) / F32(9.265)) - F32(1))


def erb_widths():
    freq_width = F32(SR) / F32(FFT)
    erb_low, erb_high = freq2erb(0.0), freq2erb(SR // 2)
    step = (erb_high - erb_low) / F32(NB_ERB)
    widths, prev, over = [], 0, 0
    for i in range(1, NB_ERB + 1):
        f = erb2freq(erb_low + F32(i) * step)
        fb = int(np.round(f / freq_width))
        nb = fb - prev - over
        if nb < MIN_NB_FREQS:
            over = MIN_NB_FREQS - nb
            nb = MIN_NB_FREQS
        else:
            over = 0
        widths.append(nb)
        prev = fb
    widths[-1] += 1
    widths[-1] -= sum(widths) - BINS
    assert sum(widths) == BINS
    return widths


def vorbis_window():
    i = np.arange(FFT, dtype=np.float64)
    s = np.sin(0.5 * np.pi * (i + 0.5) / (FFT // 2))
    return np.sin(0.5 * np.pi * s * s).astype(F32)


WNORM = F32(1.0 / (FFT ** 2 / (2 * HOP)))


def analysis(x):
    """x already padded to a whole number of hops -> spectra [T, BINS] complex64 (libDF frame_analysis)."""
    win = vorbis_window()
    mem = np.zeros(FFT - HOP, dtype=F32)
    out = []
    for t in range(len(x) // HOP):
        buf = np.concatenate([mem, x[t * HOP:(t + 1) * HOP]]) * win
        mem = np.concatenate([mem, x[t * HOP:(t + 1) * HOP]])[HOP:]  # the last FFT - HOP input samples
        out.append((np.fft.rfft(buf.astype(np.float64)) * WNORM).astype(np.complex64))
    return np.array(out)


def features(spec, widths):
    t_frames = spec.shape[0]
    mean_state = np.linspace(-60, -90, NB_ERB).astype(F32)
    unit_state = np.linspace(0.001, 0.0001, NB_DF).astype(F32)
    feat_erb = np.zeros((t_frames, NB_ERB), dtype=F32)
    feat_spec = np.zeros((t_frames, 2, NB_DF), dtype=F32)
    edges = np.concatenate([[0], np.cumsum(widths)])
    for t in range(t_frames):
        power = (spec[t].real.astype(F32) ** 2 + spec[t].imag.astype(F32) ** 2)
        for b in range(NB_ERB):
            e = power[edges[b]:edges[b + 1]].sum(dtype=np.float64) / widths[b]
            v = F32(10 * np.log10(e + 1e-10))
            mean_state[b] = v * (1 - ALPHA) + mean_state[b] * ALPHA
            feat_erb[t, b] = (v - mean_state[b]) / F32(40)
        mag = np.abs(spec[t, :NB_DF]).astype(F32)
        unit_state = mag * (1 - ALPHA) + unit_state * ALPHA
        z = spec[t, :NB_DF] / np.sqrt(unit_state)
        feat_spec[t, 0] = z.real
        feat_spec[t, 1] = z.imag
    return feat_erb, feat_spec


def deep_filter(spec_frames, coefs):
    """spec_frames [ORDER, NB_DF] complex (oldest first), coefs [NB_DF, ORDER] complex -> [NB_DF]."""
    return np.einsum("nf,fn->f", spec_frames, coefs)


def whole_signal(forward):
    """The model's outputs per frame from one pass over all frames: `forward` maps features
    [S,32], [S,2,96] to m [S,32], coefs [S,96,5] complex, lsnr [S]; the pass sees 2 zero frames
    past the end (conv lookahead) and its output u belongs to frame u - 2."""
    def model(feat_erb, feat_spec):
        fe = np.concatenate([feat_erb, np.zeros((CONV_LOOKAHEAD, NB_ERB), F32)])
        fs = np.concatenate([feat_spec, np.zeros((CONV_LOOKAHEAD, 2, NB_DF), F32)])
        m, c, lsnr = forward(fe, fs)
        return m[CONV_LOOKAHEAD:], c[CONV_LOOKAHEAD:], lsnr[CONV_LOOKAHEAD:]
    return model


def chunked(forward, chunk_frames, context_frames):
    """As whole_signal, but in the Java engine's passes (DeepFilterNetEnhancer.runChunk): frames
    [start, end) of every chunk of chunk_frames come from one pass over [start - context_frames,
    end + 2) (no context before frame 0, zero features past the end), whose output u belongs to
    frame feed_start + u - 2; the outputs of the context frames are discarded."""
    def model(feat_erb, feat_spec):
        frames = len(feat_erb)
        fe = np.concatenate([feat_erb, np.zeros((CONV_LOOKAHEAD, NB_ERB), F32)])
        fs = np.concatenate([feat_spec, np.zeros((CONV_LOOKAHEAD, 2, NB_DF), F32)])
        m_out, c_out, lsnr_out = [], [], []
        for start in range(0, frames, chunk_frames):
            end = min(frames, start + chunk_frames)
            feed_start = max(0, start - context_frames)
            m, c, lsnr = forward(fe[feed_start:end + CONV_LOOKAHEAD], fs[feed_start:end + CONV_LOOKAHEAD])
            first = start - feed_start + CONV_LOOKAHEAD
            m_out.append(m[first:])
            c_out.append(c[first:])
            lsnr_out.append(lsnr[first:])
        return np.concatenate(m_out), np.concatenate(c_out), np.concatenate(lsnr_out)
    return model


def enhance(x, w, u, atten_lim_db):
    """The tiny graphs' enhanced output (whole signal in one pass; they are frame-wise)."""
    y, feat_erb, feat_spec, gates, _ = enhance_with(
        x, whole_signal(lambda fe, fs: tiny_forward(fe, fs, w, u)), atten_lim_db)
    return y, feat_erb, feat_spec, gates


def enhance_with(x, model, atten_lim_db):
    """libDF's processing of x around `model` (see whole_signal and chunked): the features of every
    frame -> m [T,32], coefs [T,96,5] complex, lsnr [T] of that frame. Returns the output, the
    features, the gate taken in every frame and lsnr."""
    widths = erb_widths()
    length = len(x)
    frames = -(-(length + FFT - HOP) // HOP)
    xp = np.concatenate([x, np.zeros(frames * HOP - length, dtype=F32)]).astype(F32)
    spec = analysis(xp)
    feat_erb, feat_spec = features(spec, widths)
    m_all, c_all, lsnr_all = model(feat_erb, feat_spec)
    lim = None if atten_lim_db >= 100 else F32(10 ** (-atten_lim_db / 20))
    win = vorbis_window()
    mem = np.zeros(FFT - HOP, dtype=np.float64)
    out = []
    gates = []
    for t in range(frames):
        m, c, lsnr = m_all[t], c_all[t], lsnr_all[t]
        if lsnr < -10:
            gains, use_df = np.zeros(NB_ERB, F32), False
            gates.append("zero")
        elif lsnr > 30:
            gains, use_df = None, False
            gates.append("none")
        elif lsnr > 20:
            gains, use_df = m, False
            gates.append("erb")
        else:
            gains, use_df = m, True
            gates.append("erb+df")
        y = spec[t].copy()
        if gains is not None:
            g = np.repeat(gains, widths)
            y = (y * g).astype(np.complex64)
        if use_df:
            taps = np.zeros((ORDER, NB_DF), dtype=np.complex64)
            for n in range(ORDER):
                s = t - (ORDER - 1 - LOOKAHEAD) + n
                if 0 <= s < frames:
                    taps[n] = spec[s, :NB_DF]
            y[:NB_DF] = deep_filter(taps, c)
        if lim is not None:
            y = y * (1 - lim) + lim * spec[t]
        frame = np.fft.irfft(y.astype(np.complex128), FFT) * FFT * win
        out.append(frame[:HOP] + mem[:HOP])
        mem = np.concatenate([mem[HOP:] + frame[HOP:FFT - HOP], frame[FFT - HOP:]]) if FFT - HOP > HOP else frame[HOP:] + 0
    y = np.concatenate(out)[FFT - HOP:FFT - HOP + length].astype(F32)
    return y, feat_erb, feat_spec, gates, np.asarray(lsnr_all, F32)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20240601)
    enc, erb_dec, df_dec, w, u = tiny_models(rng)
    onnx.save(enc, os.path.join(out, "enc.onnx"))
    onnx.save(erb_dec, os.path.join(out, "erb_dec.onnx"))
    onnx.save(df_dec, os.path.join(out, "df_dec.onnx"))

    # 0.3 s: tone bursts (onsets and offsets swing lsnr through every gate) over a little noise
    n = int(0.3 * SR)
    t = np.arange(n) / SR
    env = ((t > 0.05) & (t < 0.14)) | ((t > 0.2) & (t < 0.26))
    x = (0.3 * env * (np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 1330 * t))
         + 0.01 * rng.standard_normal(n)).astype(F32)
    y_full, feat_erb, feat_spec, gates = enhance(x, w, u, 100.0)
    y_lim, _, _, _ = enhance(x, w, u, 12.0)

    spec_frames = (rng.standard_normal((ORDER, NB_DF)) + 1j * rng.standard_normal((ORDER, NB_DF))).astype(np.complex64)
    coefs = (rng.standard_normal((NB_DF, ORDER)) + 1j * rng.standard_normal((NB_DF, ORDER))).astype(np.complex64) * 0.3
    filtered = deep_filter(spec_frames, coefs).astype(np.complex64)

    def save(name, arr):
        np.ascontiguousarray(arr, dtype="<f4").tofile(os.path.join(out, name))

    save("input.f32", x)
    save("feat_erb.f32", feat_erb)
    save("feat_spec.f32", feat_spec)
    save("enhanced_nolimit.f32", y_full)
    save("enhanced_limit12db.f32", y_lim)
    save("df_spec.f32", np.stack([spec_frames.real, spec_frames.imag], axis=-1))   # [5,96,2]
    save("df_coefs.f32", np.stack([coefs.real, coefs.imag], axis=-1))              # [96,5,2]
    save("df_out.f32", np.stack([filtered.real, filtered.imag], axis=-1))          # [96,2]
    meta = {
        "sample_rate": SR, "samples": n, "frames": int(feat_erb.shape[0]), "erb_widths": erb_widths(),
        "gates": {g: gates.count(g) for g in sorted(set(gates))},
        "files": {"input.f32": [n], "feat_erb.f32": list(feat_erb.shape), "feat_spec.f32": list(feat_spec.shape),
                  "enhanced_nolimit.f32": [n], "enhanced_limit12db.f32": [n], "df_spec.f32": [ORDER, NB_DF, 2],
                  "df_coefs.f32": [NB_DF, ORDER, 2], "df_out.f32": [NB_DF, 2]},
    }
    with open(os.path.join(out, "fixtures.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(json.dumps(meta["gates"]), "frames", meta["frames"], "widths", meta["erb_widths"])


if __name__ == "__main__":
    main()
