#!/usr/bin/env python3
"""DeepFilterNet3 with random weights: the compute cost of the deepfilternet3 engine.

A PyTorch network with the layer structure and sizes of DeepFilterNet3 (Rikorose/DeepFilterNet,
DeepFilterNet/df/deepfilternet3.py and df/modules.py, with the values of the released model's
config.ini), split into the three graphs that df/scripts/export.py writes and the Java engine loads
(enhancement-service .../dfn/DeepFilterNetModels.java):

    enc.onnx      feat_erb [1,1,S,32], feat_spec [1,2,S,96]
                  -> e0 [1,64,S,32], e1 [1,64,S,16], e2 [1,64,S,8], e3 [1,64,S,8],
                     emb [1,S,512], c0 [1,64,S,96], lsnr [1,S,1]
    erb_dec.onnx  emb, e3, e2, e1, e0 -> m [1,1,S,32]          (sigmoid, 0..1)
    df_dec.onnx   emb, c0             -> coefs [1,S,96,10]     ([S][96][order 5][re, im])

The weights are random (uniform, with torch's default bounds, drawn from numpy's RandomState with
seeds 0, 1, 2 for enc, erb_dec, df_dec, so that every torch version builds the same network). The outputs have no quality meaning at all:
this is for speed and memory measurements only. Sizes: 2,135,484 parameters, as the published
DeepFilterNet3 (2.13 M); see PARAMETER_NOTE.

As in the reference export, the graphs hold no look-ahead of their own: the input convolutions
are causal (kernel 3 in time, padded with 2 past frames), and conv_lookahead = 2 is the caller's
shift of the features by 2 frames (DfNet.pad_feat; the Java engine feeds 2 frames more and reads
output u for frame u - 2). The GRUs start from zero state on every call (no state inputs).

Usage:
    dfn3_random_net.py params [--width full|small]
    dfn3_random_net.py export [--width full|small] OUT_DIR
        enc.onnx, erb_dec.onnx, df_dec.onnx (float32, opset 14, dynamic S) and config.ini
    dfn3_random_net.py time [--device cpu|cuda] [--threads N] [--seconds SEC]
                            [--dtype float32|float16|bfloat16] [--onnx DIR] [--providers P,...]
                            [--repeats N] [--budget SEC] [--no-batched]
        one JSON line per measurement: the whole signal in one pass, the Java engine's chunks
        (500 frames + 100 context + 2 look-ahead per pass, one after the other), and the same
        chunks as one batch; with --onnx also onnxruntime on the exported graphs for every
        available provider (TensorRT only when named in --providers). Torch timings include
        moving the features to the device and the outputs back to the host; onnxruntime runs the
        three graphs with every tensor going through host memory, as the Java engine does.

--width small (every subcommand; default full) builds the same topology narrow (WIDTHS["small"]):
conv_ch 16, GRUs of 32, emb 128, fewer groups in the grouped linears, He-scaled random weights and
lsnr_fc rescaled so that the outputs vary with the input and lsnr crosses the engine's gates:
e0 [1,16,S,32], e1 [1,16,S,16], e2, e3 [1,16,S,8], emb [1,S,128], c0 [1,16,S,96], and m, coefs,
lsnr as above; 56,556 parameters, for the Java engine's test fixture (make_dfn3_small_fixtures.py).

Needs torch and numpy; onnx for export; onnxruntime (optional) for the ONNX checks and timings.
Runs under torch 1.13 (Debian's /usr/bin/python3) and torch 2.x.
"""
import argparse
import copy
import inspect
import json
import math
import os
import resource
import statistics
import sys
import time
import warnings

import numpy as np
import torch
from torch import nn

# ------------------------------------------------------------------ configuration
# [df] and [deepfilternet] of the released DeepFilterNet3 config.ini (where it differs from the
# ModelParams defaults in deepfilternet3.py, the config.ini value is the one the model was trained
# with: emb_num_layers 3, enc_linear_groups 32, linear_groups 16, df_num_layers 2,
# df_gru_skip groupedlinear, df_pathway_kernel_size_t 5, conv_lookahead 2, df_lookahead 2).
DF_CONFIG = {
    "sr": 48000,
    "fft_size": 960,
    "hop_size": 480,
    "nb_erb": 32,
    "nb_df": 96,
    "norm_tau": 1,
    "lsnr_max": 35,
    "lsnr_min": -15,
    "min_nb_erb_freqs": 2,
    "df_order": 5,
    "df_lookahead": 2,
}
MODEL_CONFIG = {
    "conv_lookahead": 2,
    "conv_ch": 64,
    "conv_depthwise": "True",
    "conv_kernel": "1,3",
    "conv_kernel_inp": "3,3",
    "convt_kernel": "1,3",
    "emb_hidden_dim": 256,
    "emb_num_layers": 3,
    "enc_linear_groups": 32,
    "linear_groups": 16,
    "df_hidden_dim": 256,
    "df_num_layers": 2,
    "df_gru_skip": "groupedlinear",
    "df_pathway_kernel_size_t": 5,
    "enc_concat": "False",
    "emb_gru_skip": "none",
    "df_n_iter": 1,
    "mask_pf": "False",
}

NB_ERB = DF_CONFIG["nb_erb"]
NB_DF = DF_CONFIG["nb_df"]
DF_ORDER = DF_CONFIG["df_order"]
LSNR_MIN = DF_CONFIG["lsnr_min"]
LSNR_MAX = DF_CONFIG["lsnr_max"]
CONV_LOOKAHEAD = MODEL_CONFIG["conv_lookahead"]
CONV_CH = MODEL_CONFIG["conv_ch"]
EMB_HIDDEN = MODEL_CONFIG["emb_hidden_dim"]
EMB_LAYERS = MODEL_CONFIG["emb_num_layers"]
ENC_GROUPS = MODEL_CONFIG["enc_linear_groups"]
LIN_GROUPS = MODEL_CONFIG["linear_groups"]
DF_HIDDEN = MODEL_CONFIG["df_hidden_dim"]
DF_LAYERS = MODEL_CONFIG["df_num_layers"]
DF_PATHWAY_KT = MODEL_CONFIG["df_pathway_kernel_size_t"]
# DfDecoder builds its GRU's grouped linear without passing linear_groups, so it gets
# SqueezedGRU_S's own default of 8 groups.
DF_GRU_GROUPS = 8
EMB_DIM = CONV_CH * NB_ERB // 4  # 512: e3 flattened (64 channels x 8 bands)


class Widths:
    """The sizes that set a network's width; nb_erb, nb_df, df_order and the layer structure are
    the same for every width, so that every tensor keeps its rank and its band and order axes.

    lsnr_scale and lsnr_bias, when set, rescale lsnr_fc's random weights and replace its bias so
    that lsnr swings across the engine's gates (-10, 20, 30 dB) on a test signal; the full width
    leaves lsnr_fc as randomize() draws it. weight_gain multiplies randomize()'s bounds."""

    def __init__(self, conv_ch, emb_hidden_dim, df_hidden_dim, enc_linear_groups, linear_groups,
                 df_gru_groups, weight_gain=1.0, lsnr_scale=None, lsnr_bias=None):
        self.conv_ch = conv_ch
        self.emb_hidden_dim = emb_hidden_dim
        self.df_hidden_dim = df_hidden_dim
        self.enc_linear_groups = enc_linear_groups
        self.linear_groups = linear_groups
        self.df_gru_groups = df_gru_groups
        self.weight_gain = weight_gain
        self.lsnr_scale = lsnr_scale
        self.lsnr_bias = lsnr_bias
        self.emb_dim = conv_ch * NB_ERB // 4  # e3 flattened (conv_ch channels x 8 bands)

    def model_config(self):
        """MODEL_CONFIG with this width's sizes (config.ini's [deepfilternet])."""
        config = dict(MODEL_CONFIG)
        config.update(conv_ch=self.conv_ch, emb_hidden_dim=self.emb_hidden_dim, df_hidden_dim=self.df_hidden_dim,
                      enc_linear_groups=self.enc_linear_groups, linear_groups=self.linear_groups)
        return config


WIDTHS = {
    # the released DeepFilterNet3
    "full": Widths(CONV_CH, EMB_HIDDEN, DF_HIDDEN, ENC_GROUPS, LIN_GROUPS, DF_GRU_GROUPS),
    # the same topology a quarter as wide in the convolutions (emb 128) and an eighth in the GRUs;
    # groups: the encoder's df_fc_emb 16 (768 -> 128, blocks of 48 -> 8), the other grouped
    # linears a quarter (4, and 2 for df_gru's input): 56,556 parameters, ONNX files of 283 kB,
    # for the tests of the Java engine (make_dfn3_small_fixtures.py). With torch's default bounds
    # the outputs of so narrow a random stack hardly depend on the input (m 0.49..0.51), so the
    # bounds are those of He's uniform init (x sqrt(6)): m then spans 0..1 and emb varies over
    # frames. lsnr_fc's weights x 5 and bias 3.5 make lsnr cross every gate of the engine on the
    # fixture's test signal.
    "small": Widths(16, 32, 32, ENC_GROUPS // 2, LIN_GROUPS // 4, DF_GRU_GROUPS // 4, weight_gain=math.sqrt(6),
                    lsnr_scale=5.0, lsnr_bias=3.5),
}

FRAMES_PER_SECOND = DF_CONFIG["sr"] // DF_CONFIG["hop_size"]  # 100
CHUNK_FRAMES = 500
CONTEXT_FRAMES = 100
OPSET = 14

PARAMETER_NOTE = """\
Parameters (trainable; BatchNorm running statistics are buffers and not counted):
  enc      483,969   erb_conv0..3, df_conv0..1, df_fc_emb (3072->512, 32 groups),
                     emb_gru (512->256, GRU 256 x 1 layer, 256->512; 16 groups), lsnr_fc
  erb_dec  820,098   emb_gru (512->256, GRU 256 x 2 layers, 256->512; 16 groups), 4 pathway convs,
                     convt3/2/1, conv0_out
  df_dec   831,417   df_convp (kernel 5x1), df_gru (512->256 with 8 groups, GRU 256 x 2 layers),
                     df_skip (512->256), df_out (256->960), df_fc_a (257, unused in forward)
  total  2,135,484   the published DeepFilterNet3 has 2.13 M parameters: the same count. The
                     exported graphs fold BatchNorm into the convolutions and leave out df_fc_a.
"""


# ------------------------------------------------------------------ building blocks
class ConvBlock(nn.Sequential):
    """Conv2dNormAct / ConvTranspose2dNormAct over [B, C, T, F]: causal in time (kt - 1 frames of
    zero padding before), stride only along frequency, then BatchNorm and an activation.

    With separable=True the convolution has gcd(in, out) groups and, when that is more than 1 and
    the kernel is larger than 1x1, a 1x1 convolution follows. A 1x1 kernel keeps the groups, so
    the decoder's pathway convolutions are per-channel scales (64 weights), as in the reference.
    """

    def __init__(self, in_ch, out_ch, kernel, fstride=1, transposed=False, separable=True,
                 activation=nn.ReLU):
        kt, kf = kernel
        groups = math.gcd(in_ch, out_ch) if separable else 1
        pointwise = groups > 1 and max(kernel) > 1
        layers = []
        if kt > 1:
            layers.append(nn.ConstantPad2d((0, 0, kt - 1, 0), 0.0))
        if transposed:
            layers.append(nn.ConvTranspose2d(in_ch, out_ch, kernel, stride=(1, fstride),
                                             padding=(kt - 1, kf // 2), output_padding=(0, kf // 2),
                                             groups=groups, bias=False))
        else:
            layers.append(nn.Conv2d(in_ch, out_ch, kernel, stride=(1, fstride), padding=(0, kf // 2),
                                    groups=groups, bias=False))
        if pointwise:
            layers.append(nn.Conv2d(out_ch, out_ch, 1, bias=False))
        layers.append(nn.BatchNorm2d(out_ch))
        layers.append(activation())
        super().__init__(*layers)


class GroupedLinear(nn.Module):
    """GroupedLinearEinsum: [B, T, in] -> [B, T, out], the features split into `groups` blocks,
    each with its own (in/groups x out/groups) matrix, no bias."""

    def __init__(self, in_size, out_size, groups):
        super().__init__()
        assert in_size % groups == 0 and out_size % groups == 0
        self.groups = groups
        self.weight = nn.Parameter(torch.zeros(groups, in_size // groups, out_size // groups))

    def forward(self, x):
        b, t = x.shape[0], x.shape[1]
        x = x.reshape(b, t, self.groups, -1)
        x = torch.einsum("btgi,gih->btgh", x, self.weight)
        return x.flatten(2)


class SqueezedGru(nn.Module):
    """SqueezedGRU_S: grouped linear down to the hidden size (ReLU), a GRU stack, and optionally a
    grouped linear up to output_size (ReLU). The GRU starts from zero state."""

    def __init__(self, in_size, hidden, out_size, num_layers, groups):
        super().__init__()
        self.linear_in = nn.Sequential(GroupedLinear(in_size, hidden, groups), nn.ReLU())
        self.gru = nn.GRU(hidden, hidden, num_layers=num_layers, batch_first=True)
        if out_size is None:
            self.linear_out = nn.Identity()
        else:
            self.linear_out = nn.Sequential(GroupedLinear(hidden, out_size, groups), nn.ReLU())

    def forward(self, x):
        x, _ = self.gru(self.linear_in(x))
        return self.linear_out(x)


# ------------------------------------------------------------------ the three graphs
class Encoder(nn.Module):
    """feat_erb [B,1,T,32], feat_spec [B,2,T,96] -> e0, e1, e2, e3, emb [B,T,512], c0, lsnr [B,T,1]."""

    def __init__(self, w=WIDTHS["full"]):
        super().__init__()
        ch, emb = w.conv_ch, w.emb_dim
        self.erb_conv0 = ConvBlock(1, ch, (3, 3))
        self.erb_conv1 = ConvBlock(ch, ch, (1, 3), fstride=2)
        self.erb_conv2 = ConvBlock(ch, ch, (1, 3), fstride=2)
        self.erb_conv3 = ConvBlock(ch, ch, (1, 3), fstride=1)
        self.df_conv0 = ConvBlock(2, ch, (3, 3))
        self.df_conv1 = ConvBlock(ch, ch, (1, 3), fstride=2)
        self.df_fc_emb = nn.Sequential(GroupedLinear(ch * NB_DF // 2, emb, w.enc_linear_groups), nn.ReLU())
        self.emb_gru = SqueezedGru(emb, w.emb_hidden_dim, emb, num_layers=1, groups=w.linear_groups)
        self.lsnr_fc = nn.Sequential(nn.Linear(emb, 1), nn.Sigmoid())

    def forward(self, feat_erb, feat_spec):
        e0 = self.erb_conv0(feat_erb)  # [B, 64, T, 32]
        e1 = self.erb_conv1(e0)  # [B, 64, T, 16]
        e2 = self.erb_conv2(e1)  # [B, 64, T, 8]
        e3 = self.erb_conv3(e2)  # [B, 64, T, 8]
        c0 = self.df_conv0(feat_spec)  # [B, 64, T, 96]
        c1 = self.df_conv1(c0)  # [B, 64, T, 48]
        spec_emb = self.df_fc_emb(c1.permute(0, 2, 3, 1).flatten(2))  # [B, T, 512]
        emb = e3.permute(0, 2, 3, 1).flatten(2) + spec_emb  # [B, T, 512]
        emb = self.emb_gru(emb)  # [B, T, 512]
        lsnr = self.lsnr_fc(emb) * (LSNR_MAX - LSNR_MIN) + LSNR_MIN  # [B, T, 1], dB
        return e0, e1, e2, e3, emb, c0, lsnr


class ErbDecoder(nn.Module):
    """emb, e3, e2, e1, e0 -> m [B,1,T,32], ERB gains in 0..1."""

    def __init__(self, w=WIDTHS["full"]):
        super().__init__()
        ch, emb = w.conv_ch, w.emb_dim
        self.emb_gru = SqueezedGru(emb, w.emb_hidden_dim, emb, num_layers=EMB_LAYERS - 1, groups=w.linear_groups)
        self.conv3p = ConvBlock(ch, ch, (1, 1))
        self.convt3 = ConvBlock(ch, ch, (1, 3))
        self.conv2p = ConvBlock(ch, ch, (1, 1))
        self.convt2 = ConvBlock(ch, ch, (1, 3), fstride=2, transposed=True)
        self.conv1p = ConvBlock(ch, ch, (1, 1))
        self.convt1 = ConvBlock(ch, ch, (1, 3), fstride=2, transposed=True)
        self.conv0p = ConvBlock(ch, ch, (1, 1))
        self.conv0_out = ConvBlock(ch, 1, (1, 3), activation=nn.Sigmoid)

    def forward(self, emb, e3, e2, e1, e0):
        b, _, t, f8 = e3.shape
        emb = self.emb_gru(emb)
        emb = emb.view(b, t, f8, -1).permute(0, 3, 1, 2)  # [B, 64, T, 8]
        x = self.convt3(self.conv3p(e3) + emb)  # [B, 64, T, 8]
        x = self.convt2(self.conv2p(e2) + x)  # [B, 64, T, 16]
        x = self.convt1(self.conv1p(e1) + x)  # [B, 64, T, 32]
        return self.conv0_out(self.conv0p(e0) + x)  # [B, 1, T, 32]


class DfDecoder(nn.Module):
    """emb, c0 -> coefs [B,T,96,10]: per frame and bin, order 5 complex taps as (re, im) pairs."""

    def __init__(self, w=WIDTHS["full"]):
        super().__init__()
        out_ch = DF_ORDER * 2
        emb, hidden = w.emb_dim, w.df_hidden_dim
        self.df_convp = ConvBlock(w.conv_ch, out_ch, (DF_PATHWAY_KT, 1))
        self.df_gru = SqueezedGru(emb, hidden, None, num_layers=DF_LAYERS, groups=w.df_gru_groups)
        self.df_skip = GroupedLinear(emb, hidden, w.linear_groups)
        self.df_out = nn.Sequential(GroupedLinear(hidden, NB_DF * out_ch, w.linear_groups), nn.Tanh())
        # present in the reference model (and its parameter count) but not used by its forward
        self.df_fc_a = nn.Sequential(nn.Linear(hidden, 1), nn.Sigmoid())

    def forward(self, emb, c0):
        b, t = emb.shape[0], emb.shape[1]
        c = self.df_gru(emb) + self.df_skip(emb)  # [B, T, 256]
        pathway = self.df_convp(c0).permute(0, 2, 3, 1)  # [B, T, 96, 10]
        return self.df_out(c).view(b, t, NB_DF, DF_ORDER * 2) + pathway


# ------------------------------------------------------------------ random weights
def randomize(module, seed=0, gain=1.0):
    """Uniform weights with torch's default bounds (1/sqrt(fan_in); 1/sqrt(hidden) for GRUs),
    drawn in a fixed order from numpy's RandomState so that they do not depend on the torch
    version. BatchNorm keeps weight 1, bias 0, mean 0, variance 1."""
    rng = np.random.RandomState(seed)

    def fill(param, bound):
        bound = bound * gain
        values = rng.uniform(-bound, bound, size=tuple(param.shape)).astype(np.float32)
        with torch.no_grad():
            param.copy_(torch.from_numpy(values))

    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            w = m.weight  # Conv2d [out, in/g, kt, kf]; ConvTranspose2d [in, out/g, kt, kf]
            fill(w, 1.0 / math.sqrt(w.shape[1] * w.shape[2] * w.shape[3]))
        elif isinstance(m, nn.Linear):
            fill(m.weight, 1.0 / math.sqrt(m.in_features))
            fill(m.bias, 1.0 / math.sqrt(m.in_features))
        elif isinstance(m, nn.GRU):
            for _, p in m.named_parameters():
                fill(p, 1.0 / math.sqrt(m.hidden_size))
        elif isinstance(m, GroupedLinear):
            fill(m.weight, 1.0 / math.sqrt(m.weight.shape[1]))
    return module


def build_networks(width="full"):
    """The three networks of WIDTHS[width] with random weights (seeds 0, 1, 2)."""
    w = WIDTHS[width]
    torch.manual_seed(0)
    nets = {"enc": Encoder(w), "erb_dec": ErbDecoder(w), "df_dec": DfDecoder(w)}
    for i, net in enumerate(nets.values()):
        randomize(net, seed=i, gain=w.weight_gain)
        net.eval()
    if w.lsnr_scale is not None:
        fc = nets["enc"].lsnr_fc[0]
        with torch.no_grad():
            fc.weight.mul_(w.lsnr_scale)
            fc.bias.fill_(w.lsnr_bias)
    return nets


def parameter_counts(nets):
    counts = {name: sum(p.numel() for p in net.parameters()) for name, net in nets.items()}
    counts["total"] = sum(counts.values())
    return counts


def forward_all(nets, feat_erb, feat_spec):
    e0, e1, e2, e3, emb, c0, lsnr = nets["enc"](feat_erb, feat_spec)
    m = nets["erb_dec"](emb, e3, e2, e1, e0)
    coefs = nets["df_dec"](emb, c0)
    return m, coefs, lsnr


def random_features(frames, batch=1, seed=1):
    """feat_erb like the mean-normalised dB features (/40: mostly within -1..1) and feat_spec like
    the unit-normalised complex features (re, im ~ N(0, 1/2): mean |x|^2 = 1), float32 numpy."""
    rng = np.random.RandomState(seed)
    feat_erb = (0.5 * rng.standard_normal((batch, 1, frames, NB_ERB))).astype(np.float32)
    feat_spec = (math.sqrt(0.5) * rng.standard_normal((batch, 2, frames, NB_DF))).astype(np.float32)
    return feat_erb, feat_spec


def check_outputs(m, coefs, lsnr, frames, batch=1):
    """The outputs are finite and in range, with the shapes the Java engine expects."""
    assert tuple(m.shape) == (batch, 1, frames, NB_ERB), m.shape
    assert tuple(coefs.shape) == (batch, frames, NB_DF, DF_ORDER * 2), coefs.shape
    assert tuple(lsnr.shape) == (batch, frames, 1), lsnr.shape
    for name, t in (("m", m), ("coefs", coefs), ("lsnr", lsnr)):
        assert bool(torch.isfinite(t).all()), name + " has non-finite values"
    assert float(m.min()) >= 0 and float(m.max()) <= 1, "m outside 0..1"
    assert float(coefs.abs().max()) < 100, "coefs out of range"
    assert float(lsnr.min()) >= LSNR_MIN - 0.1 and float(lsnr.max()) <= LSNR_MAX + 0.1, "lsnr out of range"


def value_summary(m, coefs, lsnr):
    return ("m %.3f..%.3f, coefs %.3f..%.3f, lsnr %.2f..%.2f dB"
            % (float(m.min()), float(m.max()), float(coefs.min()), float(coefs.max()),
               float(lsnr.min()), float(lsnr.max())))


# ------------------------------------------------------------------ export
ENC_INPUTS = ["feat_erb", "feat_spec"]
ENC_OUTPUTS = ["e0", "e1", "e2", "e3", "emb", "c0", "lsnr"]
ERB_DEC_INPUTS = ["emb", "e3", "e2", "e1", "e0"]
DF_DEC_INPUTS = ["emb", "c0"]
# the frame axis of each tensor (df/scripts/export.py)
TIME_AXIS = {"feat_erb": 2, "feat_spec": 2, "e0": 2, "e1": 2, "e2": 2, "e3": 2, "emb": 1, "c0": 2,
             "lsnr": 1, "m": 2, "coefs": 1}


def onnx_export(module, args, path, input_names, output_names):
    kwargs = dict(input_names=input_names, output_names=output_names,
                  dynamic_axes={n: {TIME_AXIS[n]: "S"} for n in input_names + output_names},
                  opset_version=OPSET, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter, as under torch 1.13
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on constant folding and GRU batch size
        outputs = module(*args)
        torch.onnx.export(module, args, path, **kwargs)
    # declare the output shapes (the exporter leaves made-up names for the fixed dimensions)
    import onnx
    model = onnx.load(path)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    for value, tensor in zip(model.graph.output, outputs):
        dims = value.type.tensor_type.shape.dim
        for axis, size in enumerate(tensor.shape):
            if axis == TIME_AXIS[value.name]:
                dims[axis].dim_param = "S"
            else:
                dims[axis].dim_value = size
    onnx.save(model, path)


def describe_onnx(path):
    import onnx
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)

    def dims(v):
        return "[" + ",".join(d.dim_param or str(d.dim_value) for d in v.type.tensor_type.shape.dim) + "]"

    ins = ", ".join(v.name + " " + dims(v) for v in model.graph.input)
    outs = ", ".join(v.name + " " + dims(v) for v in model.graph.output)
    ops = sorted({n.op_type for n in model.graph.node})
    return "%s: %s -> %s  (%.2f MB; ops %s)" % (os.path.basename(path), ins, outs,
                                                os.path.getsize(path) / 1e6, ",".join(ops))


def write_config(path, width="full"):
    with open(path, "w") as f:
        if width == "full":
            f.write("# random-weight DeepFilterNet3 (tools/enhancement-bench/dfn3_random_net.py):"
                    " for timing only\n")
        else:
            f.write("# random-weight DeepFilterNet3 topology, width %s (tools/enhancement-bench/dfn3_random_net.py):"
                    " for tests only\n" % width)
        f.write("[df]\n")
        for k, v in DF_CONFIG.items():
            f.write("%s = %s\n" % (k, v))
        f.write("\n[deepfilternet]\n")
        for k, v in WIDTHS[width].model_config().items():
            f.write("%s = %s\n" % (k, v))


def cmd_export(args):
    os.makedirs(args.out_dir, exist_ok=True)
    nets = build_networks(args.width)
    print_params(nets, width=args.width)
    export_networks(nets, args.out_dir, args.width)


def export_networks(nets, out, width="full"):
    """enc.onnx, erb_dec.onnx, df_dec.onnx of `nets` (of WIDTHS[width]) and config.ini into out."""
    frames = 100
    erb_np, spec_np = random_features(frames)
    feat_erb, feat_spec = torch.from_numpy(erb_np), torch.from_numpy(spec_np)
    with torch.no_grad():
        enc_out = nets["enc"](feat_erb, feat_spec)
        e0, e1, e2, e3, emb, c0, lsnr = enc_out
        m = nets["erb_dec"](emb, e3, e2, e1, e0)
        coefs = nets["df_dec"](emb, c0)
        check_outputs(m, coefs, lsnr, frames)
        print("torch outputs at S=%d: %s" % (frames, value_summary(m, coefs, lsnr)))
        named = dict(zip(ENC_INPUTS + ENC_OUTPUTS + ["m", "coefs"],
                         (feat_erb, feat_spec) + tuple(enc_out) + (m, coefs)))
        print("torch shapes at S=%d: %s" % (frames, ", ".join(
            "%s %s" % (k, list(v.shape)) for k, v in named.items())))
        onnx_export(nets["enc"], (feat_erb, feat_spec), os.path.join(out, "enc.onnx"), ENC_INPUTS, ENC_OUTPUTS)
        onnx_export(nets["erb_dec"], (emb, e3, e2, e1, e0), os.path.join(out, "erb_dec.onnx"),
                    ERB_DEC_INPUTS, ["m"])
        onnx_export(nets["df_dec"], (emb, c0), os.path.join(out, "df_dec.onnx"), DF_DEC_INPUTS, ["coefs"])
    write_config(os.path.join(out, "config.ini"), width)
    for name in ("enc", "erb_dec", "df_dec"):
        print(describe_onnx(os.path.join(out, name + ".onnx")))
    print("config.ini: [df] %s; [deepfilternet] %s" % (
        ", ".join("%s=%s" % kv for kv in DF_CONFIG.items()),
        ", ".join("%s=%s" % kv for kv in WIDTHS[width].model_config().items())))
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        print("onnxruntime is not importable here: the torch-vs-onnxruntime check is skipped"
              " (`time --onnx DIR` runs it where onnxruntime is installed)")
        return
    compare_with_onnxruntime(nets, out, ["CPUExecutionProvider"], threads=None)


# ------------------------------------------------------------------ onnxruntime
def ort_sessions(folder, provider, threads):
    import onnxruntime as ort
    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    providers = [provider] if provider == "CPUExecutionProvider" else [provider, "CPUExecutionProvider"]
    sessions = {}
    for name in ("enc", "erb_dec", "df_dec"):
        sessions[name] = ort.InferenceSession(os.path.join(folder, name + ".onnx"), options,
                                              providers=providers)
    return sessions


def ort_forward(sessions, feat_erb, feat_spec):
    """The Java engine's pass: every tensor goes through host memory between the graphs."""
    enc = dict(zip(ENC_OUTPUTS, sessions["enc"].run(ENC_OUTPUTS, {"feat_erb": feat_erb, "feat_spec": feat_spec})))
    (m,) = sessions["erb_dec"].run(["m"], {k: enc[k] for k in ERB_DEC_INPUTS})
    (coefs,) = sessions["df_dec"].run(["coefs"], {k: enc[k] for k in DF_DEC_INPUTS})
    return m, coefs, enc["lsnr"]


def compare_with_onnxruntime(nets, folder, providers, threads):
    """Exported graphs against the torch network (float32, CPU) at a frame count other than the
    export's, which also checks the dynamic frame axis. Returns {provider: max abs difference}."""
    frames = 237
    erb_np, spec_np = random_features(frames, seed=7)
    cpu_nets = {k: _copy_to(v, "cpu", torch.float32) for k, v in nets.items()}
    with torch.no_grad():
        ref = [t.numpy() for t in forward_all(cpu_nets, torch.from_numpy(erb_np), torch.from_numpy(spec_np))]
    result = {}
    for provider in providers:
        sessions = ort_sessions(folder, provider, threads)
        got = ort_forward(sessions, erb_np, spec_np)
        diff = {n: float(np.abs(a - b).max()) for n, a, b in zip(("m", "coefs", "lsnr"), ref, got)}
        used = sessions["enc"].get_providers()[0]
        verdict = "ok" if max(diff.values()) < 1e-3 else "MISMATCH"
        print("# onnxruntime %s (session uses %s) vs torch at S=%d: max |diff| %s: %s" % (
            provider, used, frames, ", ".join("%s %.2e" % kv for kv in diff.items()), verdict))
        result[provider] = diff
    return result


def _copy_to(net, device, dtype):
    return copy.deepcopy(net).to(device=device, dtype=dtype).eval()


# ------------------------------------------------------------------ timing
def chunk_plan(total_frames, chunk=CHUNK_FRAMES, context=CONTEXT_FRAMES, lookahead=CONV_LOOKAHEAD):
    """The Java engine's passes (DeepFilterNetEnhancer.runChunk): frames [start - context,
    end + lookahead) for every chunk [start, end), with no context before the first."""
    plan = []
    for start in range(0, total_frames, chunk):
        end = min(total_frames, start + chunk)
        feed_start = max(0, start - context)
        plan.append((feed_start, end + lookahead - feed_start))
    return plan


def measure(run, sync, budget, max_repeats):
    """Median seconds of `run` after warm-up (two warm-up runs when one is short); as many
    repeats as fit in `budget` seconds, between 1 and max_repeats."""
    t0 = time.perf_counter()
    run()
    sync()
    warm = time.perf_counter() - t0
    if warm < 1.0:
        run()
        sync()
    repeats = max(1, min(max_repeats, int(budget // max(warm, 1e-6))))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), repeats


def emit(record):
    print(json.dumps(record), flush=True)


def cmd_time(args):
    device = args.device
    if device == "cuda" and not torch.cuda.is_available():
        sys.exit("cuda is not available to torch here")
    if device == "cpu" and args.dtype != "float32":
        sys.exit("--dtype float16/bfloat16 is for --device cuda only")
    if args.threads:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    dtype = getattr(torch, args.dtype)
    frames = int(round(args.seconds * FRAMES_PER_SECOND))
    seconds_audio = frames / FRAMES_PER_SECOND
    print("# torch %s, numpy %s, python %s; device %s%s; torch threads %d" % (
        torch.__version__, np.__version__, sys.version.split()[0], device,
        " (" + torch.cuda.get_device_name(0) + ")" if device == "cuda" else "", threads))

    nets = build_networks(args.width)
    print_params(nets, prefix="# ", width=args.width)
    dev_nets = {k: _copy_to(v, device, dtype) for k, v in nets.items()}
    erb_np, spec_np = random_features(frames)
    plan = chunk_plan(frames, args.chunk_frames, args.context_frames)
    pass_frames = max(n for _, n in plan)
    # zero features past the end of the signal, as the engine feeds them
    pad = np.zeros((1, 1, CONV_LOOKAHEAD, NB_ERB), np.float32), np.zeros((1, 2, CONV_LOOKAHEAD, NB_DF), np.float32)
    erb_padded = np.concatenate([erb_np, pad[0]], axis=2)
    spec_padded = np.concatenate([spec_np, pad[1]], axis=2)
    erb_host, spec_host = torch.from_numpy(erb_padded), torch.from_numpy(spec_padded)

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    def torch_pass(erb, spec):
        """Host features in, host float32 outputs back (what an engine needs)."""
        m, coefs, lsnr = forward_all(dev_nets, erb.to(device, dtype), spec.to(device, dtype))
        return m.float().cpu(), coefs.float().cpu(), lsnr.float().cpu()

    def torch_whole():
        return torch_pass(erb_host[:, :, :frames], spec_host[:, :, :frames])

    def torch_chunked():
        for start, n in plan:
            torch_pass(erb_host[:, :, start:start + n], spec_host[:, :, start:start + n])

    # all passes as one batch, each zero-padded to the longest pass (first pass: zeros before it)
    batch_erb = torch.zeros(len(plan), 1, pass_frames, NB_ERB)
    batch_spec = torch.zeros(len(plan), 2, pass_frames, NB_DF)
    for i, (start, n) in enumerate(plan):
        batch_erb[i, :, pass_frames - n:] = erb_host[0, :, start:start + n]
        batch_spec[i, :, pass_frames - n:] = spec_host[0, :, start:start + n]

    def torch_batched():
        return torch_pass(batch_erb, batch_spec)

    base = {"device": device, "dtype": args.dtype, "threads": threads, "frames": frames,
            "seconds_audio": seconds_audio}
    if args.width != "full":
        base["width"] = args.width
    if (args.chunk_frames, args.context_frames) != (CHUNK_FRAMES, CONTEXT_FRAMES):
        base.update(chunk_frames=args.chunk_frames, context_frames=args.context_frames)
    with torch.inference_mode():
        try:
            m, coefs, lsnr = torch_whole()
        except RuntimeError as e:  # e.g. a dtype without a GRU kernel on this build
            emit(dict(what="whole", engine="torch", **base, seconds_compute=None, realtime_x=None,
                      peak_mem_mb=None, error=str(e).splitlines()[0][:300]))
            m = None
        if m is not None:
            check_outputs(m, coefs, lsnr, frames)
            print("# torch outputs (whole signal): " + value_summary(m, coefs, lsnr))
            time_torch(args, device, sync, base, torch_whole, torch_chunked, torch_batched, plan, pass_frames)
    if args.onnx:
        time_onnxruntime(args, nets, erb_padded, spec_padded, frames, plan, base)


def time_torch(args, device, sync, base, torch_whole, torch_chunked, torch_batched, plan, pass_frames):
    """Whole signal, the engine's chunks one after the other, and (unless --no-batched) the same
    chunks as one batch, as a server could run many passes at once."""
    seconds_audio = base["seconds_audio"]
    cases = [("whole", torch_whole, {"passes": 1, "batch": 1}),
             ("chunked", torch_chunked, {"passes": len(plan), "batch": 1, "pass_frames": pass_frames})]
    if not args.no_batched:
        cases.append(("batched", torch_batched, {"passes": 1, "batch": len(plan), "pass_frames": pass_frames}))
    for what, run, extra in cases:
        record = dict(what=what, engine="torch", **base)
        record.update(extra)
        try:
            if device == "cuda":
                torch.cuda.empty_cache()
                torch.cuda.reset_peak_memory_stats()
            seconds, repeats = measure(run, sync, args.budget, args.repeats)
            record.update(seconds_compute=round(seconds, 4), realtime_x=round(seconds_audio / seconds, 1),
                          repeats=repeats)
            record["peak_mem_mb"] = (round(torch.cuda.max_memory_allocated() / 2**20, 1)
                                     if device == "cuda" else None)
        except RuntimeError as e:  # e.g. a dtype without a GRU kernel on this build
            record.update(seconds_compute=None, realtime_x=None, peak_mem_mb=None,
                          error=str(e).splitlines()[0][:300])
        record["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        emit(record)


def time_onnxruntime(args, nets, erb_padded, spec_padded, frames, plan, base):
    try:
        import onnxruntime as ort
    except ImportError:
        print("# onnxruntime is not importable here: ONNX timings skipped")
        return
    available = ort.get_available_providers()
    print("# onnxruntime %s, available providers: %s" % (ort.__version__, available))
    if args.providers:
        providers = [p for p in args.providers.split(",") if p]
    else:
        # TensorRT builds an engine for every new input shape (minutes): only when asked for
        providers = [p for p in available if p != "TensorrtExecutionProvider"]
        if "TensorrtExecutionProvider" in available:
            print("# TensorrtExecutionProvider left out (name it in --providers to time it)")
    threads = args.threads or None
    ok = []
    for provider in providers:
        try:
            compare_with_onnxruntime(nets, args.onnx, [provider], threads)
            ok.append(provider)
        except Exception as e:  # a provider whose libraries are missing on this machine
            print("# onnxruntime %s failed: %s" % (provider, str(e).splitlines()[0][:300]))
    seconds_audio = base["seconds_audio"]
    for provider in ok:
        sessions = ort_sessions(args.onnx, provider, threads)
        whole_erb = np.ascontiguousarray(erb_padded[:, :, :frames])
        whole_spec = np.ascontiguousarray(spec_padded[:, :, :frames])
        chunks = [(np.ascontiguousarray(erb_padded[:, :, s:s + n]), np.ascontiguousarray(spec_padded[:, :, s:s + n]))
                  for s, n in plan]

        def whole():
            ort_forward(sessions, whole_erb, whole_spec)

        def chunked():
            for erb, spec in chunks:
                ort_forward(sessions, erb, spec)

        for what, run, extra in (("whole", whole, {"passes": 1}), ("chunked", chunked, {"passes": len(plan)})):
            record = dict(base, what=what, engine="onnxruntime", provider=provider,
                          session_provider=sessions["enc"].get_providers()[0], dtype="float32",
                          threads=threads or "default", batch=1, **extra)
            try:
                seconds, repeats = measure(run, lambda: None, args.budget, args.repeats)
                record.update(seconds_compute=round(seconds, 4), realtime_x=round(seconds_audio / seconds, 1),
                              repeats=repeats)
            except Exception as e:
                record.update(seconds_compute=None, realtime_x=None, error=str(e).splitlines()[0][:300])
            record["peak_mem_mb"] = None  # onnxruntime's own allocator; torch cannot see it
            record["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            emit(record)


# ------------------------------------------------------------------ command line
def print_params(nets, prefix="", width="full"):
    counts = parameter_counts(nets)
    print(prefix + "parameters: " + ", ".join("%s %s" % (k, format(v, ",")) for k, v in counts.items())
          + (" (published DeepFilterNet3: 2.13 M)" if width == "full" else " (width %s)" % width))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_params = sub.add_parser("params", help="parameter counts")
    p_export = sub.add_parser("export", help="write enc.onnx, erb_dec.onnx, df_dec.onnx, config.ini")
    p_export.add_argument("out_dir")
    p_time = sub.add_parser("time", help="time the network (JSON lines)")
    for p in (p_params, p_export, p_time):
        p.add_argument("--width", choices=sorted(WIDTHS), default="full",
                       help="full: DeepFilterNet3's sizes (default); small: the same topology, narrow"
                            " (conv_ch 16, GRUs 32, emb 128), for tests")
    p_time.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p_time.add_argument("--threads", type=int, default=0, help="torch (and onnxruntime) threads; 0: default")
    p_time.add_argument("--seconds", type=float, default=None,
                        help="audio length (100 frames a second); default 600 on cuda, 60 on cpu")
    p_time.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="float32")
    p_time.add_argument("--onnx", metavar="DIR", help="also time onnxruntime on the graphs in DIR")
    p_time.add_argument("--providers", help="onnxruntime providers to time, comma-separated"
                                            " (default: all available but TensorRT)")
    p_time.add_argument("--repeats", type=int, default=3, help="timed repeats at most (median)")
    p_time.add_argument("--budget", type=float, default=10.0,
                        help="seconds of timed repeats per measurement, roughly (at least one repeat)")
    p_time.add_argument("--chunk-frames", type=int, default=CHUNK_FRAMES,
                        help="frames per pass of the engine's chunks (the service's chunk-frames)")
    p_time.add_argument("--context-frames", type=int, default=CONTEXT_FRAMES,
                        help="frames of context before each pass (the service's context-frames)")
    p_time.add_argument("--no-batched", action="store_true", help="leave out the batched chunks")
    args = parser.parse_args()
    if args.command == "params":
        print_params(build_networks(args.width), width=args.width)
        if args.width == "full":
            print(PARAMETER_NOTE, end="")
    elif args.command == "export":
        cmd_export(args)
    else:
        if args.seconds is None:
            args.seconds = 600.0 if args.device == "cuda" else 60.0
        cmd_time(args)


if __name__ == "__main__":
    main()
