#!/usr/bin/python3
"""A tiny MDX-Net-style network with random weights, exported to ONNX with its UVR parameters, and
the stems that python-audio-separator's MDX ``demix`` makes with it: the fixture of
``MdxRealModelTest``.

There is no MDX-Net architecture among Debian's packages, so the network is our own small
TFC-TDF-like stack with the MDX signature [batch, 4, dim_f, dim_t] -> the same shape (the real
and imaginary parts of the stereo STFT in, the stem's out): a 3x3 convolution block, a
frequency-downsampling (4, 1) convolution, a TDF block (two linear layers across frequency with
a residual), a transposed convolution back up, a skip connection and a 1x1 output convolution;
batch norms with random running statistics, ReLUs; about 80 k parameters (PyTorch's
initialisation under ``torch.manual_seed``). The shape is a real model's: n_fft 6144, dim_f
3072, dim_t 256 (``mdx_dim_t_set`` 8), hop 1024, compensate 1.035, overlap 0.25.

The reference is ``make_reference.mdx_demix`` (python-audio-separator's ``MDXSeparator.demix``
/ ``run_model`` with uvr_lib_v5's STFT, recomputed in torch) with this network in place of the
known elementwise model, in float64 (the network too), on the same 14 s + 77 frames input as
``make_htdemucs_model.py``; primary = compensate x demix (UVR), secondary = mix - primary.

Writes to separation-service/src/test/resources/reference/mdx-tiny/: ``mdx.onnx``, ``mdx.json``
(UVR's model-data keys, as the engine reads them) and ``mdx_stems.json`` (stems [vocals,
instrumental], stored as make_htdemucs_model.py stores them).

  /usr/bin/python3 tools/separation-reference/make_mdx_model.py
"""

import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_reference import test_signal, mdx_demix  # noqa: E402
from make_htdemucs_model import entry, FRAMES, SEED  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "separation-service", "src", "test", "resources", "reference", "mdx-tiny")
PARAMETERS = {"compensate": 1.035, "mdx_dim_f_set": 3072, "mdx_dim_t_set": 8, "mdx_n_fft_scale_set": 6144,
              "primary_stem": "Vocals"}
HOP = 1024
OVERLAP = 0.25


class TinyMdx(nn.Module):
    """[B, 4, F, T] -> [B, 4, F, T]."""

    def __init__(self, dim_f, channels=8, down=4, bottleneck=16):
        super().__init__()
        c, f = channels, dim_f // down
        self.first = nn.Sequential(nn.Conv2d(4, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU())
        self.down = nn.Sequential(nn.Conv2d(c, 2 * c, (down, 1), stride=(down, 1)), nn.BatchNorm2d(2 * c), nn.ReLU())
        self.tdf = nn.Sequential(nn.Linear(f, f // bottleneck, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU(),
                                 nn.Linear(f // bottleneck, f, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU())
        self.mix_time = nn.Sequential(nn.Conv2d(2 * c, 2 * c, (1, 5), padding=(0, 2)), nn.BatchNorm2d(2 * c),
                                      nn.ReLU())
        self.up = nn.Sequential(nn.ConvTranspose2d(2 * c, c, (down, 1), stride=(down, 1)), nn.BatchNorm2d(c),
                                nn.ReLU())
        self.last = nn.Conv2d(2 * c, 4, 1)

    def forward(self, x):
        skip = self.first(x)
        y = self.down(skip)
        y = y + self.tdf(y.transpose(2, 3)).transpose(2, 3)   # across frequency
        y = self.mix_time(y)
        y = self.up(y)
        return self.last(torch.cat([y, skip], 1))


def build(dim_f):
    torch.manual_seed(SEED)
    net = TinyMdx(dim_f)
    g = torch.Generator().manual_seed(SEED + 1)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):   # eval() uses the running statistics: make them matter
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=g) * 20)
    return net.eval()


def main():
    torch.set_num_threads(2)
    dim_f = PARAMETERS["mdx_dim_f_set"]
    dim_t = 1 << PARAMETERS["mdx_dim_t_set"]
    n_fft = PARAMETERS["mdx_n_fft_scale_set"]
    net = build(dim_f)
    params = sum(p.numel() for p in net.parameters())
    print("torch", torch.__version__, "numpy", np.__version__, "; TinyMdx: %d parameters" % params, file=sys.stderr)

    os.makedirs(OUT, exist_ok=True)
    onnx_path = os.path.join(OUT, "mdx.onnx")
    torch.manual_seed(SEED + 3)
    torch.onnx.export(net, torch.randn(1, 4, dim_f, dim_t), onnx_path, export_params=True, opset_version=17,
                      do_constant_folding=True, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))
    with open(os.path.join(OUT, "mdx.json"), "w") as f:
        json.dump(PARAMETERS, f, indent=1)
        f.write("\n")
    print("%s: %.1f KB" % (onnx_path, os.path.getsize(onnx_path) / 1024))

    mix = test_signal(FRAMES, SEED)                  # float64 of float32 values
    net64 = build(dim_f).double()
    started = time.time()
    with torch.no_grad():
        source = mdx_demix(mix, n_fft, HOP, dim_f, dim_t, OVERLAP, model=lambda spec: net64(spec[None])[0])
        net32 = build(dim_f)
        source32 = mdx_demix(mix, n_fft, HOP, dim_f, dim_t, OVERLAP,
                             model=lambda spec: net32(spec[None].float())[0].double())
    primary = PARAMETERS["compensate"] * source
    noise = (source32 - source).abs().max().item() / source.abs().max().item()
    print("demix: %.1f s; network in float32 vs float64: max |diff| %.3g of the peak %.4g" % (
        time.time() - started, noise, source.abs().max().item()), file=sys.stderr)

    fixture = {
        "description": "make_reference.mdx_demix (python-audio-separator MDXSeparator.demix, uvr_lib_v5 STFT) "
                       "of TinyMdx in float64, n_fft %d, dim_f %d, dim_t %d, hop %d, overlap %s; stems "
                       "[primary = compensate x demix, secondary = mix - primary][2][frames]" % (
                           n_fft, dim_f, dim_t, HOP, OVERLAP),
        "torch": torch.__version__,
        "parameters": params,
        "input": {"frames": FRAMES, "seed": SEED, "sum": float(mix.sum()), "sum_squares": float((mix ** 2).sum())},
        "network_float32_vs_float64_relative": noise,
        "stems": entry(torch.stack([primary, mix - primary])),
    }
    path = os.path.join(OUT, "mdx_stems.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print("%s: %.1f KB" % (path, os.path.getsize(path) / 1024))


if __name__ == "__main__":
    main()
