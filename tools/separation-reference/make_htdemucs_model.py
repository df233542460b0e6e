#!/usr/bin/python3
"""A tiny HTDemucs with random weights, exported as sevagh/demucs.onnx exports HTDemucs, and the
stems that demucs' own ``apply_model`` makes with it: the fixture of ``HtdemucsRealModelTest``.

* The model is facebookresearch/demucs' ``demucs.htdemucs.HTDemucs`` (imported from a checkout
  of that repository, nothing copied) with the real model's STFT (nfft 4096, hop 1024), segment
  (39/5 s: 343 980 samples), depth (4) and sources (drums, bass, other, vocals), but 8 channels
  and a 2-layer cross transformer of width 64 instead of 48 channels and 5 layers of 384:
  about 0.29 M parameters. Weights: PyTorch's initialisation under ``torch.manual_seed``, then
  every ``LayerScale`` (1e-3 / 1e-4 at init, so the DConv and transformer branches would be
  nearly silent) drawn from U(0.05, 0.25).
* The export is sevagh/demucs.onnx's: its ``scripts/convert-pth-to-onnx.py`` with its modified
  ``demucs-for-onnx/demucs/htdemucs.py`` (``forward(mix, x)`` takes the waveform and the
  ``standalone_spec``/``standalone_magnitude`` spectrogram and returns the spectral branch
  [1, 4, 4, 2048, 336] and the time branch [1, 4, 2, 343980]; STFT and iSTFT stay outside the
  graph), the same weights loaded into it, ``torch.onnx.export(opset_version=17,
  do_constant_folding=True, input_names=['input'], output_names=['output'])``. Before export
  the script checks in torch that the modified forward plus ``standalone_ispec`` gives the
  upstream ``HTDemucs.forward``.
* The reference is upstream ``demucs.apply.apply_model(model, mix, shifts=0, split=True,
  overlap=0.25, segment=39/5)`` in float32 (and, to show torch's own float32 noise, in
  float64) on 14 s + 77 frames of ``make_reference.test_signal`` (seeded LCG noise and tones,
  regenerated bit-exactly by ``ReferenceModel.signal`` in Java): three segments, the last one
  short and centre-padded.

Writes to separation-service/src/test/resources/reference/htdemucs-tiny/: ``htdemucs.onnx``
(the engine's file name) and ``htdemucs_stems.json`` (input recipe and sums; per stem and
channel every 1999-th sample, sums, and the RMS of each 0.1 s block).

Needs Debian's python3-torch / python3-numpy / python3-onnx and checkouts of the two
repositories (see README.md):

  /usr/bin/python3 tools/separation-reference/make_htdemucs_model.py \\
      --demucs /path/to/facebookresearch/demucs --demucs-onnx /path/to/sevagh/demucs.onnx
"""

import argparse
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shims  # noqa: E402
from make_reference import test_signal, RATE  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "separation-service", "src", "test", "resources", "reference",
                   "htdemucs-tiny")
SEED = 20261127
FRAMES = 14 * RATE + 77
SOURCES = ["drums", "bass", "other", "vocals"]
SEGMENT = Fraction(39, 5)          # htdemucs.yaml: segment 7.8 s -> int(7.8 * 44100) = 343980
KWARGS = dict(sources=SOURCES, audio_channels=2, channels=8, growth=2, nfft=4096, depth=4,
              t_layers=2, t_heads=4, t_hidden_scale=2.0, samplerate=RATE, segment=SEGMENT,
              use_train_segment=True, cac=True, bottom_channels=0,
              # inactive in eval(); nonzero only so that torch 1.13's nn.MultiheadAttention does
              # not take its fused fast path, which torch.onnx cannot export
              t_dropout=0.1)
STEP = 1999                        # stored samples: every STEP-th of each [stem][channel] row
BLOCK = RATE // 10                 # RMS per 0.1 s block


def commit_of(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def import_upstream(path):
    """facebookresearch/demucs as the package ``demucs``."""
    sys.path.insert(0, path)
    htdemucs = importlib.import_module("demucs.htdemucs")
    apply = importlib.import_module("demucs.apply")
    assert os.path.abspath(htdemucs.__file__).startswith(os.path.abspath(path)), htdemucs.__file__
    return htdemucs, apply


def import_onnx_variant(path):
    """sevagh/demucs.onnx's demucs-for-onnx/demucs as the package ``demucs_onnx``."""
    root = os.path.join(path, "demucs-for-onnx", "demucs")
    spec = importlib.util.spec_from_file_location("demucs_onnx", os.path.join(root, "__init__.py"),
                                                  submodule_search_locations=[root])
    package = importlib.util.module_from_spec(spec)
    sys.modules["demucs_onnx"] = package
    spec.loader.exec_module(package)
    return importlib.import_module("demucs_onnx.htdemucs")


def build(htdemucs_module):
    torch.manual_seed(SEED)
    model = htdemucs_module.HTDemucs(**KWARGS)
    g = torch.Generator().manual_seed(SEED + 1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".scale") and p.dim() == 1:           # LayerScale
                p.copy_(0.05 + 0.2 * torch.rand(p.shape, generator=g))
    return model.eval()


def entry(x):
    """x: [stems, 2 channels, frames] -> stored values and statistics (float64 sums)."""
    x = x.detach().to(torch.float64).numpy()
    stems, channels, frames = x.shape
    blocks = frames // BLOCK
    rms = np.sqrt((x[..., :blocks * BLOCK].reshape(stems, channels, blocks, BLOCK) ** 2).mean(-1))
    rows = lambda f: [[f(s, c) for c in range(channels)] for s in range(stems)]  # noqa: E731
    return {
        "shape": list(x.shape), "step": STEP, "block": BLOCK,
        "values": rows(lambda s, c: [float("%.8g" % v) for v in x[s, c, ::STEP]]),
        "sum": rows(lambda s, c: float(x[s, c].sum())),
        "sum_squares": rows(lambda s, c: float((x[s, c] ** 2).sum())),
        "max_abs": rows(lambda s, c: float(np.abs(x[s, c]).max())),
        "block_rms": rows(lambda s, c: [float("%.7g" % v) for v in rms[s, c]]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demucs", default=os.environ.get("DEMUCS_SRC"), required="DEMUCS_SRC" not in os.environ,
                        help="checkout of facebookresearch/demucs")
    parser.add_argument("--demucs-onnx", default=os.environ.get("DEMUCS_ONNX_SRC"),
                        required="DEMUCS_ONNX_SRC" not in os.environ, help="checkout of sevagh/demucs.onnx")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    shimmed = shims.install()
    print("torch", torch.__version__, "numpy", np.__version__, "; shims for:", ", ".join(shimmed) or "none",
          file=sys.stderr)

    htdemucs, apply = import_upstream(args.demucs)
    htdemucs_onnx = import_onnx_variant(args.demucs_onnx)

    model = build(htdemucs)
    params = sum(p.numel() for p in model.parameters())
    length = int(SEGMENT * RATE)
    print("HTDemucs %s: %d parameters, segment %d" % (KWARGS, params, length), file=sys.stderr)

    # sevagh's modified HTDemucs with the same weights
    export_model = htdemucs_onnx.HTDemucs(**KWARGS)
    export_model.load_state_dict(model.state_dict())
    export_model.eval()

    # check: modified forward + standalone_ispec == upstream forward
    with torch.no_grad():
        torch.manual_seed(SEED + 2)
        x = torch.randn(1, 2, length)
        spec = htdemucs_onnx.standalone_magnitude(htdemucs_onnx.standalone_spec(x))
        assert list(spec.shape) == [1, 4, 2048, 336], spec.shape
        freq, wave = export_model(x, spec)
        stems = wave + htdemucs_onnx.standalone_ispec(htdemucs_onnx.standalone_mask(None, freq), length=length)
        upstream = model(x)
        diff = (stems - upstream).abs().max().item()
        print("sevagh forward + standalone_ispec vs upstream forward: max |diff| %.3g (peak %.3g); "
              "spectral %s, time %s" % (diff, upstream.abs().max().item(), tuple(freq.shape), tuple(wave.shape)),
              file=sys.stderr)
        assert diff <= 1e-5 * upstream.abs().max().item()

    # export as scripts/convert-pth-to-onnx.py does
    os.makedirs(OUT, exist_ok=True)
    onnx_path = os.path.join(OUT, "htdemucs.onnx")
    torch.manual_seed(SEED + 3)
    dummy_waveform = torch.randn(1, 2, length)
    magspec = htdemucs_onnx.standalone_magnitude(htdemucs_onnx.standalone_spec(dummy_waveform))
    torch.onnx.export(export_model, (dummy_waveform, magspec), onnx_path, export_params=True, opset_version=17,
                      do_constant_folding=True, input_names=["input"], output_names=["output"])
    import onnx
    graph = onnx.load(onnx_path)
    onnx.checker.check_model(graph)
    shape = lambda v: [d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    print("%s: %.1f KB; inputs %s; outputs %s" % (
        onnx_path, os.path.getsize(onnx_path) / 1024,
        [(i.name, shape(i)) for i in graph.graph.input], [(o.name, shape(o)) for o in graph.graph.output]))

    # the reference: demucs' apply_model on the test input
    mix = test_signal(FRAMES, SEED).to(torch.float32)
    started = time.time()
    with torch.no_grad():
        ref = apply.apply_model(model, mix[None], shifts=0, split=True, overlap=0.25, segment=SEGMENT,
                                progress=False, device="cpu")[0]
        ref64 = apply.apply_model(model.double(), mix[None].double(), shifts=0, split=True, overlap=0.25,
                                  segment=SEGMENT, progress=False, device="cpu")[0]
    model.float()
    print("apply_model: %.1f s; float32 vs float64 max |diff| %.3g, peak %.4g" % (
        time.time() - started, (ref.double() - ref64).abs().max().item(), ref.abs().max().item()), file=sys.stderr)

    fixture = {
        "description": "demucs.apply.apply_model(HTDemucs(%s), mix, shifts=0, split=True, overlap=0.25, "
                       "segment=39/5) in float32; stems [drums, bass, other, vocals][2][frames]" % (
                           ", ".join("%s=%s" % (k, v) for k, v in KWARGS.items() if k != "sources")),
        "demucs_commit": commit_of(args.demucs),
        "demucs_onnx_commit": commit_of(args.demucs_onnx),
        "torch": torch.__version__,
        "shims": shimmed,
        "parameters": params,
        "input": {"frames": FRAMES, "seed": SEED, "sum": float(mix.double().sum()),
                  "sum_squares": float((mix.double() ** 2).sum())},
        "float32_vs_float64_max_abs": (ref.double() - ref64).abs().max().item(),
        "stems": entry(ref),
    }
    path = os.path.join(OUT, "htdemucs_stems.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print("%s: %.1f KB" % (path, os.path.getsize(path) / 1024))


if __name__ == "__main__":
    main()
