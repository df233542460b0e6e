#!/usr/bin/env python3
"""A narrow DeepFilterNet3 of the real topology, and what libDF's processing makes of a test signal with it.

The fixture of enhancement-service's DeepFilterNetRealTopologyTest: the Java engine runs graphs
exported from PyTorch with the real DeepFilterNet3 structure, tensor names and ranks (recurrent
layers included), and must reproduce the numpy reference of libDF's processing chain
(make_dfn_fixtures.py) with the same network inside.

1. The network: dfn3_random_net.py's DeepFilterNet3 at --width small (conv_ch 16, GRUs of 32,
   emb 128, random weights, lsnr_fc rescaled), exported as enc.onnx, erb_dec.onnx, df_dec.onnx and
   config.ini: e0 [1,16,S,32], e1 [1,16,S,16], e2, e3 [1,16,S,8], emb [1,S,128], c0 [1,16,S,96],
   lsnr [1,S,1], m [1,1,S,32], coefs [1,S,96,10].
2. The input: 2.4 s at 48 kHz of tone bursts of several levels over noise that gets louder after
   1.45 s (the kind of signal make_dfn_fixtures.py uses), on the 16-bit grid and stored as 16-bit
   PCM (exact; half the bytes of float32).
3. The expected output: make_dfn_fixtures.enhance_with with the torch network (float32, CPU, one
   thread) run as the Java engine runs it (make_dfn_fixtures.chunked, after
   DeepFilterNetEnhancer.runChunk): chunks of CHUNK_FRAMES frames, each pass fed CONTEXT_FRAMES
   frames before the chunk and the 2 frames of conv look-ahead after it, the GRU state rebuilt
   from that context, output u of a pass belonging to frame u - 2; no attenuation limit.
4. For information, the same chain with one pass over the whole signal: the difference is the
   approximation the engine's chunking makes with a recurrent network (fixtures.json
   "chunked_vs_whole").

The generator checks that lsnr stays at least MIN_GATE_MARGIN_DB away from the gate thresholds in
every frame, so that float32 differences between onnxruntime and torch cannot flip a gate.

Usage: /usr/bin/python3 make_dfn3_small_fixtures.py OUT_DIR
       (OUT_DIR: enhancement-service/src/test/resources/deepfilternet/dfn3-small; needs torch,
       numpy, onnx: Debian's python3-torch, python3-numpy, python3-onnx)
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dfn3_random_net as dfn3  # noqa: E402
import make_dfn_fixtures as ref  # noqa: E402

WIDTH = "small"
SR = ref.SR
SECONDS = 2.4
SEED = 20240602
CHUNK_FRAMES = 100
CONTEXT_FRAMES = 50
ATTENUATION_DB = 100.0  # no limit: the enhanced output is the network's alone
GATE_THRESHOLDS_DB = (-10.0, 20.0, 30.0)
MIN_GATE_MARGIN_DB = 0.005
# max |java - expected| / max |expected| that DeepFilterNetRealTopologyTest allows (see main)
TOLERANCE = 1e-5
INPUT = "input.s16"
EXPECTED = "enhanced_chunk%d_context%d.f32" % (CHUNK_FRAMES, CONTEXT_FRAMES)


def test_signal():
    """Tone bursts (two partials each; levels 0.05..0.4) over noise of 0.01 rms that rises to 0.03
    after 1.45 s, rounded to the 16-bit grid."""
    rng = np.random.default_rng(SEED)
    n = int(round(SECONDS * SR))
    t = np.arange(n) / SR
    x = np.zeros(n)
    for start, stop, amp, f1, f2 in ((0.15, 0.45, 0.3, 220, 1330), (0.6, 0.75, 0.05, 440, 2100),
                                     (0.9, 1.4, 0.4, 180, 950), (1.55, 1.7, 0.15, 310, 3100),
                                     (1.85, 2.25, 0.25, 260, 1700)):
        env = (t > start) & (t < stop)
        x += amp * env * (np.sin(2 * np.pi * f1 * t) + 0.5 * np.sin(2 * np.pi * f2 * t))
    x += 0.01 * rng.standard_normal(n) * np.where(t > 1.45, 3.0, 1.0)
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype("<i2")
    return pcm, (pcm.astype(np.float32) / np.float32(32768)).astype(np.float32)


def torch_forward(nets):
    """One pass of the networks over features [S,32], [S,2,96] (as the engine feeds them) ->
    m [S,32], coefs [S,96,5] complex, lsnr [S]."""
    def forward(feat_erb, feat_spec):
        erb = torch.from_numpy(np.ascontiguousarray(feat_erb[None, None], dtype=np.float32))
        spec = torch.from_numpy(np.ascontiguousarray(feat_spec.transpose(1, 0, 2)[None], dtype=np.float32))
        with torch.no_grad():
            m, coefs, lsnr = dfn3.forward_all(nets, erb, spec)
        dfn3.check_outputs(m, coefs, lsnr, feat_erb.shape[0])
        c = coefs[0].numpy().reshape(-1, ref.NB_DF, ref.ORDER, 2)
        return m[0, 0].numpy(), c[..., 0] + 1j * c[..., 1], lsnr[0, :, 0].numpy()
    return forward


def recording(model, log):
    """`model` that also keeps its per-frame outputs in log (m, coefs, lsnr)."""
    def wrapped(feat_erb, feat_spec):
        out = model(feat_erb, feat_spec)
        log.extend(out)
        return out
    return wrapped


def gate_counts(gates):
    return {g: gates.count(g) for g in ("zero", "none", "erb", "erb+df")}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)  # the same float32 sums on every machine, as far as torch allows

    nets = dfn3.build_networks(WIDTH)
    dfn3.print_params(nets, width=WIDTH)
    dfn3.export_networks(nets, out, WIDTH)
    forward = torch_forward(nets)

    pcm, x = test_signal()
    chunk_log, whole_log = [], []
    y, feat_erb, _, gates, lsnr = ref.enhance_with(
        x, recording(ref.chunked(forward, CHUNK_FRAMES, CONTEXT_FRAMES), chunk_log), ATTENUATION_DB)
    y_whole, _, _, gates_whole, _ = ref.enhance_with(x, recording(ref.whole_signal(forward), whole_log),
                                                     ATTENUATION_DB)
    frames = feat_erb.shape[0]
    plan = dfn3.chunk_plan(frames, CHUNK_FRAMES, CONTEXT_FRAMES, ref.CONV_LOOKAHEAD)

    margin = float(min(np.abs(lsnr - th).min() for th in GATE_THRESHOLDS_DB))
    if margin < MIN_GATE_MARGIN_DB:
        sys.exit("lsnr comes within %.4f dB of a gate threshold: a float32 difference could flip the gate;"
                 " change the signal or WIDTHS['small'].lsnr_bias" % margin)
    peak = float(np.abs(y).max())
    diff = np.abs(y.astype(np.float64) - y_whole)
    outputs_diff = {name: float(np.abs(a - b).max())
                    for name, a, b in zip(("m", "coefs", "lsnr"), chunk_log, whole_log)}
    chunked_vs_whole = {
        "max_abs": float(diff.max()),
        "max_abs_relative_to_peak": float(diff.max() / peak),
        "rms_relative_to_output_rms": float(np.sqrt(np.mean(diff ** 2) / np.mean(y.astype(np.float64) ** 2))),
        "frames_with_other_gate": int(sum(a != b for a, b in zip(gates, gates_whole))),
        "max_abs_network_outputs": outputs_diff,
    }

    pcm.tofile(os.path.join(out, INPUT))
    np.ascontiguousarray(y, dtype="<f4").tofile(os.path.join(out, EXPECTED))

    shapes = {}
    with torch.no_grad():
        erb_t = torch.zeros(1, 1, frames, ref.NB_ERB)
        spec_t = torch.zeros(1, 2, frames, ref.NB_DF)
        enc_out = nets["enc"](erb_t, spec_t)
        for name, t in zip(dfn3.ENC_OUTPUTS, enc_out):
            shapes[name] = list(t.shape)
        m, coefs, _ = dfn3.forward_all(nets, erb_t, spec_t)
        shapes["m"], shapes["coefs"] = list(m.shape), list(coefs.shape)
    shapes = {k: ["S" if i == dfn3.TIME_AXIS[k] else d for i, d in enumerate(v)] for k, v in shapes.items()}

    meta = {
        "what": "DeepFilterNet3 topology, width small, random weights (make_dfn3_small_fixtures.py)",
        "sample_rate": SR,
        "samples": int(len(x)),
        "frames": int(frames),
        "chunk_frames": CHUNK_FRAMES,
        "context_frames": CONTEXT_FRAMES,
        "conv_lookahead": ref.CONV_LOOKAHEAD,
        "passes": [{"feed_start": s, "frames": n} for s, n in plan],
        "attenuation_db": ATTENUATION_DB,
        "parameters": dfn3.parameter_counts(nets),
        "model_config": dfn3.WIDTHS[WIDTH].model_config(),
        "shapes": shapes,
        "gates": gate_counts(gates),
        "lsnr_db": {"min": float(lsnr.min()), "max": float(lsnr.max()), "min_margin_to_gate_thresholds": margin},
        "input_peak": float(np.abs(x).max()),
        "expected_peak": peak,
        "tolerance_max_abs_relative_to_peak": TOLERANCE,
        "chunked_vs_whole": chunked_vs_whole,
        "files": {INPUT: {"format": "int16 little-endian PCM (/32768)", "shape": [int(len(x))]},
                  EXPECTED: {"format": "float32 little-endian", "shape": [int(len(y))]}},
    }
    with open(os.path.join(out, "fixtures.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    sizes = {name: os.path.getsize(os.path.join(out, name)) for name in sorted(os.listdir(out))}
    print("frames %d in %d passes (chunk %d, context %d); gates %s; lsnr %.2f..%.2f dB, %.3f dB from the"
          " nearest threshold at least" % (frames, len(plan), CHUNK_FRAMES, CONTEXT_FRAMES,
                                           json.dumps(meta["gates"]), lsnr.min(), lsnr.max(), margin))
    print("expected output peak %.4f (input %.4f); chunked vs whole-signal pass: max |diff| %.3e (%.3e of the"
          " peak), rms %.3e of the output's, %d frames with another gate; network outputs max |diff| %s"
          % (peak, meta["input_peak"], chunked_vs_whole["max_abs"], chunked_vs_whole["max_abs_relative_to_peak"],
             chunked_vs_whole["rms_relative_to_output_rms"], chunked_vs_whole["frames_with_other_gate"],
             ", ".join("%s %.2e" % kv for kv in outputs_diff.items())))
    print("files: %s; total %d bytes" % (", ".join("%s %d" % kv for kv in sizes.items()), sum(sizes.values())))


if __name__ == "__main__":
    main()
