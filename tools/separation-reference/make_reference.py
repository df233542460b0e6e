#!/usr/bin/python3
"""Reference values for the separation engines' front ends, segmenting and overlap-add.

Recomputes, with torch (torch.stft / torch.istft called as the references call them) in
float64, what the reference implementations do around the ONNX graphs that audiomesh runs:

* HTDemucs (facebookresearch/demucs, demucs/htdemucs.py ``_spec``/``_ispec``/``_magnitude``/
  ``_mask``, demucs/spec.py ``spectro``/``ispectro``, demucs/apply.py ``apply_model(split=True,
  overlap=0.25, transition_power=1, shifts=0)`` with ``TensorChunk.padded`` and
  demucs/utils.py ``center_trim``);
* MDX-Net (python-audio-separator ``MDXSeparator.demix``/``run_model`` and uvr_lib_v5/stft.py
  ``STFT``; UVR's separate.py ``SeperateMDX.demix`` for the compensation).

The network in the middle is replaced by a known elementwise "model" (gains per source,
channel plane, frequency bin and frame; see ``htdemucs_model`` and ``mdx_model``) that the Java
tests build as a tiny ONNX graph, so both sides run the same maths on the same input. This is
our own code written from the references' documented behaviour; nothing is copied.

Writes small JSON fixtures to separation-service/src/test/resources/reference/:
each tensor is stored as ``shape``, every ``step``-th value of the flattened tensor
(``values``, row-major, starting at index 0) and statistics over all of it.

Run from the repository root:  /usr/bin/python3 tools/separation-reference/make_reference.py
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_grad_enabled(False)
DT = torch.float64
RATE = 44100
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "separation-service", "src", "test", "resources", "reference")

# ---------------------------------------------------------------------------------------------
# the test input (the Java tests generate it with the same integer generator and formulas)

FRAMES = 3 * RATE + 77   # 3 s and a bit, so that no segment boundary falls on the end
SEED = 20261127


def test_signal(frames=FRAMES, seed=SEED):
    """float32 [2, frames]: 0.25 x uniform noise from a 32-bit LCG (numerical recipes constants,
    24 high bits: exactly representable) plus tones; channels differ. Returned as float64."""
    state = seed & 0xFFFFFFFF
    noise = np.empty(2 * frames, dtype=np.float64)
    for k in range(2 * frames):   # interleaved: frame n, channel c at 2n + c
        state = (1664525 * state + 1013904223) & 0xFFFFFFFF
        noise[k] = (state >> 8) / 16777216.0 * 2.0 - 1.0
    noise = noise.reshape(frames, 2).T
    n = np.arange(frames, dtype=np.float64)
    t = n / RATE
    x = np.empty((2, frames), dtype=np.float64)
    for c in range(2):
        swell = 0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t + c)
        x[c] = (0.25 * noise[c]
                + 0.3 * swell * np.sin(2 * np.pi * (220.0 + 110.0 * c) * t)
                + 0.2 * np.sin(2 * np.pi * 55.0 * t + 0.5 * c)
                + 0.1 * np.sin(2 * np.pi * 3010.5 * t) * (1.0 if c == 0 else -0.5))
    return torch.tensor(x.astype(np.float32), dtype=DT)


# ---------------------------------------------------------------------------------------------
# HTDemucs: spectrogram front end and its inverse, as HTDemucs._spec / _ispec

NFFT = 4096
HOP = NFFT // 4          # HTDemucs asserts hop == nfft // 4
PAD = HOP // 2 * 3       # 1536


def hann(n):
    return torch.hann_window(n, periodic=True, dtype=DT)


def demucs_spec(x):
    """[C, L] -> complex [C, 2048, le]: reflect pad (1536, 1536 + le*hop - L), torch.stft
    normalised, centred, reflect; last bin dropped; frames 2 .. le+1 kept."""
    length = x.shape[-1]
    le = int(math.ceil(length / HOP))
    right = PAD + le * HOP - length
    assert length > max(PAD, right), "pad1d's zero-extension case is not exercised here"
    xp = F.pad(x[None], (PAD, right), mode="reflect")[0]
    z = torch.stft(xp, NFFT, HOP, window=hann(NFFT), win_length=NFFT, normalized=True,
                   center=True, return_complex=True, pad_mode="reflect")
    z = z[..., :-1, :]
    assert z.shape[-1] == le + 4
    return z[..., 2:2 + le]


def cac(z):
    """_magnitude with cac=True: complex [C, F, T] -> [2C, F, T], channel 2c real, 2c+1 imag."""
    c, f, t = z.shape
    return torch.view_as_real(z).permute(0, 3, 1, 2).reshape(2 * c, f, t)


def uncac(m):
    """_mask with cac=True: [S, 2C, F, T] -> complex [S, C, F, T]."""
    s, c2, f, t = m.shape
    return torch.view_as_complex(m.reshape(s, c2 // 2, 2, f, t).permute(0, 1, 3, 4, 2).contiguous())


def demucs_ispec(z, length):
    """complex [..., 2048, le] -> [..., length]: the Nyquist bin and two frames each side put
    back as zeros, torch.istft normalised to hop*ceil(length/hop) + 2*pad, then [pad, pad+length)."""
    zr = torch.view_as_real(z)                       # pad real and imaginary parts alike
    zr = F.pad(zr, (0, 0, 0, 0, 0, 1))               # one more bin
    zr = F.pad(zr, (0, 0, 2, 2))                     # two frames on each side
    z = torch.view_as_complex(zr.contiguous())
    le = HOP * int(math.ceil(length / HOP)) + 2 * PAD
    shape = z.shape
    x = torch.istft(z.reshape(-1, shape[-2], shape[-1]), NFFT, HOP, window=hann(NFFT),
                    win_length=NFFT, normalized=True, length=le, center=True)
    x = x.reshape(*shape[:-2], le)
    return x[..., PAD:PAD + length]


# The known "model" that stands for the exported network (sources drums, bass, other, vocals):
# spectral branch = A[s, plane] * B[s, bin] * C[s, frame] * (the spectrogram input),
# time branch     = W[s, channel] * (the waveform input).
HTDEMUCS_W = [[0.5, 0.5], [0.0, 0.0], [0.25, 0.0], [0.0, 0.3]]
HTDEMUCS_A = [[0.5, 0.5, 0.5, 0.5], [1.0, 1.0, 1.0, 1.0], [1.0, 0.5, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]]


def htdemucs_bin_gain(s, bins):
    f = torch.arange(bins, dtype=DT)
    if s == 1:   # bass: low-pass, 1 below bin 64, linear to 0 at bin 128
        return torch.clamp((128.0 - f) / 64.0, 0.0, 1.0)
    if s == 2:   # other: rising ramp
        return f / (bins - 1)
    return torch.ones(bins, dtype=DT)


def htdemucs_frame_gain(s, frames):
    t = torch.arange(frames, dtype=DT)
    if s == 3:   # vocals: rising with the frame index
        return 0.5 + t / frames
    return torch.ones(frames, dtype=DT)


def htdemucs_model(mix):
    """One padded segment [2, T] -> [4 sources, 2, T], as HTDemucs.forward around the network."""
    length = mix.shape[-1]
    spec_in = cac(demucs_spec(mix))                  # [4, 2048, le]: the graph's second input
    bins, frames = spec_in.shape[-2:]
    spec_out = torch.stack([
        torch.tensor(HTDEMUCS_A[s], dtype=DT)[:, None, None]
        * htdemucs_bin_gain(s, bins)[None, :, None]
        * htdemucs_frame_gain(s, frames)[None, None, :]
        * spec_in for s in range(4)])                # [4, 4, 2048, le]
    time_out = torch.tensor(HTDEMUCS_W, dtype=DT)[:, :, None] * mix[None]
    return time_out + demucs_ispec(uncac(spec_out), length)


def centre_padded(mix, offset, length, target):
    """TensorChunk(mix, offset, length).padded(target): centred, zeros outside the song."""
    total = mix.shape[-1]
    delta = target - length
    start = offset - delta // 2
    end = start + target
    a, b = max(0, start), min(total, end)
    return F.pad(mix[:, a:b], (a - start, end - b))


def centre_trim(x, length):
    delta = x.shape[-1] - length
    return x[..., delta // 2:delta // 2 + length]


def apply_split(model, mix, segment, overlap=0.25):
    """apply_model(split=True, overlap, transition_power=1, shifts=0) for one model."""
    length = mix.shape[-1]
    stride = int((1 - overlap) * segment)
    weight = torch.cat([torch.arange(1, segment // 2 + 1),
                        torch.arange(segment - segment // 2, 0, -1)]).to(DT)
    weight = weight / weight.max()                   # ** transition_power (1)
    out = None
    sum_weight = torch.zeros(length, dtype=DT)
    for offset in range(0, length, stride):
        chunk = min(segment, length - offset)
        y = centre_trim(model(centre_padded(mix, offset, chunk, segment)), chunk)
        if out is None:
            out = torch.zeros(y.shape[0], y.shape[1], length, dtype=DT)
        out[..., offset:offset + chunk] += weight[:chunk] * y
        sum_weight[offset:offset + chunk] += weight[:chunk]
    assert sum_weight.min() > 0
    return out / sum_weight


# ---------------------------------------------------------------------------------------------
# MDX-Net: uvr_lib_v5 STFT and MDXSeparator.demix

def mdx_stft(x, n_fft, hop, dim_f):
    """[2, chunk] -> [4, dim_f, dim_t]: torch.stft not normalised, centred (reflect), channel 2c
    real and 2c+1 imaginary, bins from dim_f dropped."""
    z = torch.stft(x, n_fft=n_fft, hop_length=hop, window=hann(n_fft), center=True,
                   return_complex=True)
    return cac(z)[:, :dim_f, :]


def mdx_istft(spec, n_fft, hop):
    """[4, dim_f, dim_t] -> [2, hop*(dim_t-1)]: bins from dim_f put back as zeros, torch.istft."""
    c2, dim_f, dim_t = spec.shape
    full = torch.cat([spec, torch.zeros(c2, n_fft // 2 + 1 - dim_f, dim_t, dtype=DT)], 1)
    z = uncac(full[None])[0]
    return torch.istft(z, n_fft=n_fft, hop_length=hop, window=hann(n_fft), center=True)


def mdx_plane_gain(p):
    return [1.0, 0.5, 0.8, 0.3][p]


def mdx_model(spec):
    """The known model: A[plane] * B[bin] * C[frame] * input, B = 1 - 0.5 * bin/dim_f,
    C = 0.75 + 0.5 * frame/dim_t."""
    c2, dim_f, dim_t = spec.shape
    a = torch.tensor([mdx_plane_gain(p) for p in range(c2)], dtype=DT)[:, None, None]
    b = (1.0 - 0.5 * torch.arange(dim_f, dtype=DT) / dim_f)[None, :, None]
    c = (0.75 + 0.5 * torch.arange(dim_t, dtype=DT) / dim_t)[None, None, :]
    return a * b * c * spec


def mdx_demix(mix, n_fft, hop, dim_f, dim_t, overlap, model=mdx_model, spectra=None):
    """MDXSeparator.demix (segment_size == dim_t); returns the model's stem before compensate."""
    length = mix.shape[-1]
    trim = n_fft // 2
    chunk = hop * (dim_t - 1)
    gen = chunk - 2 * trim
    pad = gen + trim - length % gen
    mixture = torch.cat([torch.zeros(2, trim, dtype=DT), mix, torch.zeros(2, pad, dtype=DT)], 1)
    total = mixture.shape[-1]
    step = int((1 - overlap) * chunk)
    result = torch.zeros(2, total, dtype=DT)
    divider = torch.zeros(2, total, dtype=DT)
    for i in range(0, total, step):
        end = min(i + chunk, total)
        actual = end - i
        window = torch.tensor(np.hanning(actual), dtype=DT) if overlap != 0 else None
        part = F.pad(mixture[:, i:end], (0, i + chunk - end))
        spec = mdx_stft(part, n_fft, hop, dim_f)
        spec[:, :3, :] = 0                           # run_model: the three lowest bins zeroed
        if spectra is not None and i < trim + length:    # chunks that hold song frames
            spectra.append(spec.clone())
        wave = mdx_istft(model(spec), n_fft, hop)
        if window is not None:
            result[:, i:end] += wave[:, :actual] * window
            divider[:, i:end] += window
        else:
            result[:, i:end] += wave[:, :actual]
            divider[:, i:end] += 1
    return (result / divider)[:, trim:-trim][:, :length]


# ---------------------------------------------------------------------------------------------
# fixtures

def tensor_entry(x, step):
    flat = x.detach().to(DT).reshape(-1).numpy()
    return {
        "shape": list(x.shape),
        "step": step,
        "values": [float("%.7g" % v) for v in flat[::step]],
        "sum": float(flat.sum()),
        "sum_abs": float(np.abs(flat).sum()),
        "sum_squares": float((flat * flat).sum()),
        "max_abs": float(np.abs(flat).max()),
    }


def write(name, description, tensors):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"description": description, "tensors": tensors}, f, separators=(",", ":"))
        f.write("\n")
    print("%-36s %7.1f KB" % (name, os.path.getsize(path) / 1024))


def main():
    os.makedirs(OUT, exist_ok=True)
    mix = test_signal()
    inp = {"frames": FRAMES, "seed": SEED, "sum": float(mix.sum()),
           "sum_squares": float((mix * mix).sum())}
    print("torch", torch.__version__, "numpy", np.__version__, file=sys.stderr)

    # 1. HTDemucs front end on the first full segment of a 1 s segmenting (44100 samples) and
    #    on the single padded segment of the real model (343980 samples, 7.8 s)
    tensors = {"input": inp}
    for name, segment, offset in (("segment44100", 44100, 33075), ("segment343980", 343980, 0)):
        chunk = min(segment, FRAMES - offset)
        seg = centre_padded(mix, offset, chunk, segment)
        spec = cac(demucs_spec(seg))
        back = demucs_ispec(uncac(spec[None]), segment)[0]
        tensors[name] = {"offset": offset, "length": chunk,
                         "spectrogram": tensor_entry(spec, 89 if segment == 44100 else 691),
                         "inverse": tensor_entry(back, 23 if segment == 44100 else 173)}
    write("htdemucs_spectrogram.json",
          "demucs _spec/_magnitude(cac) and _ispec(_mask(.)) of TensorChunk(mix, offset, length)"
          ".padded(segment); spectrogram [4, 2048, le], inverse [2, segment]", tensors)

    # 2. HTDemucs apply_model(split) with the known model, 1 s and 7.8 s segments
    tensors = {"input": inp}
    for segment in (44100, 343980):
        out = apply_split(htdemucs_model, mix, segment)
        tensors["segment%d" % segment] = {"sources": tensor_entry(out, 263)}
    write("htdemucs_apply.json",
          "apply_model(split=True, overlap=0.25, transition_power=1, shifts=0) of the known model; "
          "sources [drums, bass, other, vocals][2][frames]", tensors)

    # 3. MDX: the model input of the first chunk and the stems, the real shape and a small
    #    non-power-of-two one with more overlap
    tensors = {"input": inp}
    for name, n_fft, hop, dim_f, dim_t, overlap, compensate in (
            ("nfft6144", 6144, 1024, 3072, 256, 0.25, 1.035),
            ("nfft7680", 7680, 1024, 2048, 64, 0.5, 1.02)):
        spectra = []
        source = mdx_demix(mix, n_fft, hop, dim_f, dim_t, overlap, spectra=spectra)
        primary = compensate * source                # UVR: source * compensate
        step = 787 if dim_t == 256 else 131
        entry = {"n_fft": n_fft, "hop": hop, "dim_f": dim_f, "dim_t": dim_t, "overlap": overlap,
                 "compensate": compensate, "last_chunk": len(spectra) - 1,
                 "first_chunk_spectrogram": tensor_entry(spectra[0], step)}
        if len(spectra) > 1:
            entry["last_chunk_spectrogram"] = tensor_entry(spectra[-1], step)
        entry["primary"] = tensor_entry(primary, 67)
        entry["secondary"] = tensor_entry(mix - primary, 131)
        tensors[name] = entry
    write("mdx_demix.json",
          "MDXSeparator.demix / run_model (uvr_lib_v5 STFT) with the known model; spectrograms "
          "[4, dim_f, dim_t] (after the 3 lowest bins are zeroed) of chunk 0 and of the last chunk "
          "that holds song frames; primary = compensate x demix, "
          "secondary = mix - primary, [2][frames]", tensors)


if __name__ == "__main__":
    main()
