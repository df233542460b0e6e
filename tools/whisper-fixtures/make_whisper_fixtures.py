#!/usr/bin/python3
"""Build tiny random-weight Whisper fixtures (ONNX layouts A and B, tokenizer files, audio,
reference decoding) for the Java Whisper engine tests.

Run with Debian's interpreter (torch/onnx/numpy live there):

    git clone https://github.com/openai/whisper /tmp/whisper-src      # any checkout of openai/whisper
    /usr/bin/python3 tools/whisper-fixtures/make_whisper_fixtures.py --whisper-src /tmp/whisper-src

See README.md next to this file.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import wave
import zlib

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "transcription-service", "src", "test", "resources", "whisper")
SPEECH_SRC = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"
SPEECH_SECONDS = 6.0
SILENCE_SECONDS = 3.0

# ----------------------------------------------------------------------------------------------
# model / biasing parameters (documented in README.md)
# ----------------------------------------------------------------------------------------------
SEED = 5
D = 16            # n_audio_state = n_text_state (32 would make the two decoders ~13 MB)
HEADS = 2
LAYERS = 2
EMB_STD = 0.7    # token embedding std (dims 1..D-1): random logit std ~ sqrt(D-1)*EMB_STD
BIAS_SCALE = 8.0  # final decoder LayerNorm: weight[0] = 0, bias[0] = BIAS_SCALE ("bias channel")
BIAS_WORD = 16.0  # logit bias of the transcript's word tokens (" and", " john", ",", ".", ...)
BIAS_EOT = 15.5    # logit bias of <|endoftext|>
BIAS_TS = 15.0     # logit bias of <|0.00|>; <|i*0.02|> gets BIAS_TS - TS_SLOPE * i
TS_SLOPE = 0.02
POS_STD = 3.0
FINAL_LN_MEAN = -0.3
BIAS_EN = 6.0     # <|en|> (language detection)
BIAS_NS = 20.0     # <|nospeech|> (no_speech_prob)
CROSS_SHARPEN = 3.0  # extra scale on the cross-attention query/key weights
CROSS_OUT = 1.5      # extra scale on the cross-attention output projection
LANG_NOISE = 0.3     # scale of the random part of the language tokens' embeddings
WORDS = ("and mister john had then leisure to consider how much there might be "
         "in his power to do for them").split()  # single-token words only


def load_whisper(src):
    sys.path.insert(0, HERE)
    import wfx_stubs
    wfx_stubs.install()
    sys.path.insert(0, src)
    import whisper  # noqa: F401
    import whisper.audio
    import whisper.decoding
    import whisper.model
    import whisper.timing
    import whisper.tokenizer
    import whisper.transcribe
    whisper.model.MultiHeadAttention.use_sdpa = False  # explicit softmax path (float32, like ORT)
    return whisper


def whisper_commit(src):
    try:
        return subprocess.run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return None


# ----------------------------------------------------------------------------------------------
# tokenizer files
# ----------------------------------------------------------------------------------------------
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENC = bytes_to_unicode()


def tok_str(b: bytes) -> str:
    return "".join(BYTE_ENC[x] for x in b)


def special_token_list(whisper):
    langs = list(whisper.tokenizer.LANGUAGES.keys())[:99]
    return ["<|endoftext|>", "<|startoftranscript|>", *[f"<|{c}|>" for c in langs],
            "<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
            "<|notimestamps|>", *[f"<|{i * 0.02:.2f}|>" for i in range(1501)]]


def hf_bpe(merge_rank, word):
    """GPT-2 / Hugging Face style BPE over a byte-level unicode string using merges.txt ranks."""
    parts = list(word)
    while len(parts) > 1:
        best = None
        for i in range(len(parts) - 1):
            r = merge_rank.get((parts[i], parts[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, parts[i], parts[i + 1])
        if best is None:
            break
        _, a, b = best
        out = []
        i = 0
        while i < len(parts):
            if i < len(parts) - 1 and parts[i] == a and parts[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(parts[i])
                i += 1
        parts = out
    return parts


def build_tokenizer_files(whisper, tokenizer):
    import wfx_stubs
    ranks = tokenizer.encoding._mergeable_ranks
    vocab = {}
    merges = []
    for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        vocab[tok_str(token)] = rank  # rank 50256 is the empty token b"" (a placeholder) -> ""
        if len(token) <= 1:
            continue
        parts = wfx_stubs.rank_bpe(ranks, token, max_rank=rank)
        assert len(parts) == 2, (token, parts)
        merges.append((tok_str(parts[0]), tok_str(parts[1])))
    assert len(vocab) == 50257 and max(vocab.values()) == 50256
    specials = special_token_list(whisper)
    added = {s: 50257 + i for i, s in enumerate(specials)}
    assert added["<|endoftext|>"] == 50257 and added["<|startoftranscript|>"] == 50258
    assert added["<|en|>"] == 50259 and added["<|translate|>"] == 50358
    assert added["<|transcribe|>"] == 50359 and added["<|startoflm|>"] == 50360
    assert added["<|startofprev|>"] == 50361 and added["<|nospeech|>"] == 50362
    assert added["<|notimestamps|>"] == 50363 and added["<|0.00|>"] == 50364
    assert added["<|30.00|>"] == 51864
    for s, i in added.items():
        assert tokenizer.encoding._special_tokens[s] == i
    vocab_with_eot = dict(vocab)
    vocab_with_eot["<|endoftext|>"] = 50257  # as in the Hugging Face whisper vocab.json

    # verification: HF-style BPE from vocab+merges == tiktoken rank BPE
    merge_rank = {m: i for i, m in enumerate(merges)}
    pat = tokenizer.encoding._pat
    sentences = [
        " and mister john dashwood had then leisure to consider how much there might be prudently",
        "Hello world! It's 3.14159 o'clock -- isn't it?  Yes,   really...\n\tTabs & \"quotes\"",
        " Größe, naïve café; Ärger über Öl. ¿Qué tal? Ça va très bien, merci.",
        " 日本語のテキスト、中文文本，한국어 텍스트. Привет, мир! Γειά σου κόσμε",
        " ♪♪ (SPEAKING FOREIGN LANGUAGE) [DAVID] Hey there, 1999-2024 <<>> {{x}} 🙂👍",
    ]
    checks = []
    for s in sentences:
        expect = tokenizer.encoding.encode(s)
        got = []
        for m in pat.finditer(s):
            w = tok_str(m.group(0).encode("utf-8"))
            got.extend(vocab[p] for p in hf_bpe(merge_rank, w))
        assert got == expect, (s, got, expect)
        assert tokenizer.encoding.decode(expect) == s
        checks.append({"text": s, "ids": expect})

    added_tokens = {s: i for s, i in added.items()}
    config = {
        "tokenizer_class": "WhisperTokenizer",
        "model_max_length": 1024,
        "errors": "replace",
        "add_prefix_space": False,
        "bos_token": "<|endoftext|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "added_tokens_decoder": {
            str(i): {"content": s, "lstrip": False, "rstrip": False, "normalized": False,
                     "single_word": False, "special": True}
            for s, i in added.items()
        },
    }
    special_map = {
        "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
        "additional_special_tokens": [s for s in specials if not s.startswith("<|0") and
                                      not s[2:3].isdigit() and s != "<|endoftext|>"],
    }
    files = {
        "vocab.json": json.dumps(vocab_with_eot, ensure_ascii=False, separators=(",", ":")),
        "merges.txt": "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges),
        "added_tokens.json": json.dumps(added_tokens, ensure_ascii=False, indent=0),
        "special_tokens_map.json": json.dumps(special_map, ensure_ascii=False, indent=1),
        "tokenizer_config.json": json.dumps(config, ensure_ascii=False, separators=(",", ":")),
    }
    return files, checks, added


# ----------------------------------------------------------------------------------------------
# mel filters (librosa.filters.mel, htk=False, norm='slaney') -- for the check against the npz
# ----------------------------------------------------------------------------------------------
def slaney_mel_filters(sr=16000, n_fft=400, n_mels=80):
    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        f_sp = 200.0 / 3
        mels = f / f_sp
        min_log_hz = 1000.0
        min_log_mel = min_log_hz / f_sp
        logstep = np.log(6.4) / 27.0
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        f_sp = 200.0 / 3
        freqs = f_sp * m
        min_log_hz = 1000.0
        min_log_mel = min_log_hz / f_sp
        logstep = np.log(6.4) / 27.0
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)

    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2.0), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2: n_mels + 2] - mel_f[:n_mels])
    weights *= enorm[:, np.newaxis]
    return weights.astype(np.float32)


# ----------------------------------------------------------------------------------------------
# audio
# ----------------------------------------------------------------------------------------------
def write_wav(path, pcm16):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm16.astype("<i2").tobytes())


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 16000
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()


# ----------------------------------------------------------------------------------------------
# model
# ----------------------------------------------------------------------------------------------
def build_model(whisper, tokenizer, seed=SEED):
    dims = whisper.model.ModelDimensions(
        n_mels=80, n_audio_ctx=1500, n_audio_state=D, n_audio_head=HEADS, n_audio_layer=LAYERS,
        n_vocab=51865, n_text_ctx=448, n_text_state=D, n_text_head=HEADS, n_text_layer=LAYERS)
    model = whisper.model.Whisper(dims)
    g = torch.Generator().manual_seed(seed)

    def normal(shape, std):
        return torch.randn(shape, generator=g, dtype=torch.float32) * std

    with torch.no_grad():
        for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0]):
            if name.endswith("_ln.weight") or name.endswith("ln_post.weight") or name == "decoder.ln.weight":
                p.copy_(1.0 + normal(p.shape, 0.1))
            elif name.endswith("_ln.bias") or name.endswith("ln_post.bias") or name == "decoder.ln.bias":
                p.copy_(normal(p.shape, 0.1))
            elif name.endswith("conv1.weight") or name.endswith("conv2.weight"):
                p.copy_(normal(p.shape, (p.shape[1] * p.shape[2]) ** -0.5))
            elif name.endswith(".weight") and p.ndim == 2 and "embedding" not in name:
                p.copy_(normal(p.shape, p.shape[1] ** -0.5))
            elif name.endswith(".bias"):
                p.copy_(normal(p.shape, 0.05))
            elif name == "decoder.token_embedding.weight":
                p.copy_(normal(p.shape, EMB_STD))
            elif name == "decoder.positional_embedding":
                p.copy_(normal(p.shape, POS_STD))
            else:
                raise AssertionError(name)

        # sharper cross attention with a stronger output, so that the audio matters
        for layer in range(LAYERS):
            blk = model.decoder.blocks[layer]
            blk.cross_attn.query.weight.mul_(CROSS_SHARPEN)
            blk.cross_attn.key.weight.mul_(CROSS_SHARPEN)
            blk.cross_attn.out.weight.mul_(CROSS_OUT)

        # "bias channel": dimension 0 of the final LayerNorm output is the constant BIAS_SCALE,
        # so token_embedding[t, 0] * BIAS_SCALE is a per-token logit bias.
        # zero-mean (slightly negative) final LayerNorm gains: the residual stream's copy of the
        # input token embedding then does not boost the same token again (no repetition loops)
        model.decoder.ln.weight.copy_(normal((D,), 1.0) + FINAL_LN_MEAN)
        model.decoder.ln.weight[0] = 0.0
        model.decoder.ln.bias[0] = BIAS_SCALE
        bias = torch.zeros(dims.n_vocab)
        bias[tokenizer.eot] = BIAS_EOT
        word_tokens = set()
        for w in WORDS:
            word_tokens.update(tokenizer.encode(" " + w))
        word_tokens.update(tokenizer.encode(","))
        word_tokens.update(tokenizer.encode("."))
        for t in sorted(word_tokens):
            bias[t] = BIAS_WORD
        ts = torch.arange(1501, dtype=torch.float32)
        bias[tokenizer.timestamp_begin:] = BIAS_TS - TS_SLOPE * ts
        bias[tokenizer.to_language_token("en")] = BIAS_EN
        # language tokens: small random part, so that <|en|> wins the detection but the
        # language tokens never compete with the text tokens
        langs = list(tokenizer.all_language_tokens)
        model.decoder.token_embedding.weight[langs, 1:] *= LANG_NOISE
        bias[tokenizer.no_speech] = BIAS_NS
        model.decoder.token_embedding.weight[:, 0] = bias / BIAS_SCALE
    model.eval()
    return model, sorted(word_tokens)


# ----------------------------------------------------------------------------------------------
# export wrappers (same maths as whisper/model.py: q and k each scaled by head_dim ** -0.25)
# ----------------------------------------------------------------------------------------------
def _split(x, n_head):  # [b, t, d] -> [b, h, t, hd]
    b, t, d = x.shape
    return x.view(b, t, n_head, d // n_head).permute(0, 2, 1, 3)


def _merge(x):  # [b, h, t, hd] -> [b, t, d]
    return x.permute(0, 2, 1, 3).flatten(start_dim=2)


def _attend(q, k, v, mask=None):
    """q [b,h,s,hd], k/v [b,h,t,hd], mask bool [s,t] (True = masked) -> (out [b,h,s,hd], w)"""
    scale = q.shape[-1] ** -0.25
    qk = (q * scale) @ (k * scale).transpose(-1, -2)
    if mask is not None:
        qk = qk.masked_fill(mask, float("-inf"))
    w = F.softmax(qk.float(), dim=-1)
    return w @ v, w


class EncoderA(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, input_features):
        return self.encoder(input_features)


class DecoderA(nn.Module):
    """Optimum-style decoder. with_past=False: decoder_model.onnx; True: decoder_with_past."""

    def __init__(self, model, with_past):
        super().__init__()
        self.dec = model.decoder
        self.n_head = model.dims.n_text_head
        self.with_past = with_past

    def forward(self, input_ids, encoder_hidden_states, *past):
        dec = self.dec
        s = input_ids.shape[1]
        if self.with_past:
            p = past[0].shape[2]
            pos_ids = torch.arange(s, dtype=torch.int64) + p
        else:
            p = 0
            pos_ids = torch.arange(s, dtype=torch.int64)
        x = dec.token_embedding(input_ids) + dec.positional_embedding.index_select(0, pos_ids)
        t_idx = torch.arange(s, dtype=torch.int64) + p
        if self.with_past:
            k_idx = torch.arange(s + p, dtype=torch.int64)
        else:
            k_idx = torch.arange(s, dtype=torch.int64)
        mask = k_idx.unsqueeze(0) > t_idx.unsqueeze(1)
        presents, crosses = [], []
        for i, blk in enumerate(dec.blocks):
            h = blk.attn_ln(x)
            q = _split(blk.attn.query(h), self.n_head)
            k = _split(blk.attn.key(h), self.n_head)
            v = _split(blk.attn.value(h), self.n_head)
            if self.with_past:
                k = torch.cat([past[4 * i], k], dim=2)
                v = torch.cat([past[4 * i + 1], v], dim=2)
            o, _ = _attend(q, k, v, mask)
            x = x + blk.attn.out(_merge(o))
            h = blk.cross_attn_ln(x)
            q = _split(blk.cross_attn.query(h), self.n_head)
            if self.with_past:
                ek, ev = past[4 * i + 2], past[4 * i + 3]
                ek_out, ev_out = ek[:, :, :0, :], ev[:, :, :0, :]  # optimum: constant dummies
            else:
                ek = _split(blk.cross_attn.key(encoder_hidden_states), self.n_head)
                ev = _split(blk.cross_attn.value(encoder_hidden_states), self.n_head)
                ek_out, ev_out = ek, ev
            o, w = _attend(q, ek, ev)
            x = x + blk.cross_attn.out(_merge(o))
            x = x + blk.mlp(blk.mlp_ln(x))
            presents += [k, v, ek_out, ev_out]
            crosses.append(w)
        x = dec.ln(x)
        # E @ x^T (as sherpa-onnx does) keeps one copy of the embedding in the exported graph
        logits = torch.matmul(dec.token_embedding.weight, x.permute(0, 2, 1)).permute(0, 2, 1).float()
        return (logits, *presents, *crosses)


class EncoderB(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder = model.encoder
        self.blocks = model.decoder.blocks

    def forward(self, mel):
        f = self.encoder(mel)
        return (torch.stack([b.cross_attn.key(f) for b in self.blocks]),
                torch.stack([b.cross_attn.value(f) for b in self.blocks]))


class DecoderB(nn.Module):
    """sherpa-onnx style decoder: fixed 448-long self caches, new positions written at offset."""

    def __init__(self, model):
        super().__init__()
        self.dec = model.decoder
        self.n_head = model.dims.n_text_head
        self.n_ctx = model.dims.n_text_ctx

    def forward(self, tokens, in_k, in_v, cross_k, cross_v, offset):
        dec = self.dec
        n = tokens.shape[1]
        off = offset[0]
        pos_ids = torch.arange(n, dtype=torch.int64) + off
        x = dec.token_embedding(tokens) + dec.positional_embedding.index_select(0, pos_ids)
        ctx = torch.arange(self.n_ctx, dtype=torch.int64)
        write = (ctx >= off) & (ctx < off + n)                       # [448]
        src = torch.clamp(ctx - off, min=0)
        src = torch.minimum(src, torch.zeros_like(src) + (n - 1))    # [448] index into the new rows
        mask = ctx.unsqueeze(0) > pos_ids.unsqueeze(1)               # [n, 448]
        out_k, out_v = [], []
        for i, blk in enumerate(dec.blocks):
            h = blk.attn_ln(x)
            q = blk.attn.query(h)
            k_new = blk.attn.key(h)
            v_new = blk.attn.value(h)
            k_all = torch.where(write.view(1, -1, 1), k_new.index_select(1, src), in_k[i])
            v_all = torch.where(write.view(1, -1, 1), v_new.index_select(1, src), in_v[i])
            o, _ = _attend(_split(q, self.n_head), _split(k_all, self.n_head), _split(v_all, self.n_head), mask)
            x = x + blk.attn.out(_merge(o))
            h = blk.cross_attn_ln(x)
            q = blk.cross_attn.query(h)
            o, _ = _attend(_split(q, self.n_head), _split(cross_k[i], self.n_head), _split(cross_v[i], self.n_head))
            x = x + blk.cross_attn.out(_merge(o))
            x = x + blk.mlp(blk.mlp_ln(x))
            out_k.append(k_all)
            out_v.append(v_all)
        x = dec.ln(x)
        # E @ x^T (as sherpa-onnx does) keeps one copy of the embedding in the exported graph
        logits = torch.matmul(dec.token_embedding.weight, x.permute(0, 2, 1)).permute(0, 2, 1).float()
        return logits, torch.stack(out_k), torch.stack(out_v)


class LayoutA:
    def __init__(self, model):
        self.model = model
        self.enc = EncoderA(model).eval()
        self.dec0 = DecoderA(model, False).eval()
        self.dec1 = DecoderA(model, True).eval()
        self.L = model.dims.n_text_layer

    @torch.no_grad()
    def encode(self, mel):
        return self.enc(mel)

    @torch.no_grad()
    def start(self, feats, tokens):
        out = self.dec0(torch.tensor([tokens]), feats)
        self.past = list(out[1:1 + 4 * self.L])
        return out[0][0], out[1 + 4 * self.L:]

    @torch.no_grad()
    def step(self, feats, token):
        out = self.dec1(torch.tensor([[token]]), feats, *self.past)
        pres = out[1:1 + 4 * self.L]
        for i in range(self.L):  # keep the encoder k/v of the first call (optimum semantics)
            self.past[4 * i] = pres[4 * i]
            self.past[4 * i + 1] = pres[4 * i + 1]
        return out[0][0, -1]


class LayoutB:
    def __init__(self, model):
        self.model = model
        self.enc = EncoderB(model).eval()
        self.dec = DecoderB(model).eval()
        d = model.dims
        self.shape = (d.n_text_layer, 1, d.n_text_ctx, d.n_text_state)

    @torch.no_grad()
    def encode(self, mel):
        return self.enc(mel)

    @torch.no_grad()
    def start(self, feats, tokens):
        ck, cv = feats
        k = torch.zeros(self.shape)
        v = torch.zeros(self.shape)
        logits, self.k, self.v = self.dec(torch.tensor([tokens]), k, v, ck, cv, torch.tensor([0]))
        self.n = len(tokens)
        return logits[0], None

    @torch.no_grad()
    def step(self, feats, token):
        ck, cv = feats
        logits, self.k, self.v = self.dec(torch.tensor([[token]]), self.k, self.v, ck, cv,
                                          torch.tensor([self.n]))
        self.n += 1
        return logits[0, -1]


# ----------------------------------------------------------------------------------------------
# greedy decoding of one window through a layout, with openai's own logit filters
# ----------------------------------------------------------------------------------------------
def greedy_window(D, model, layout, mel_segment, options, noise=0.0, gen=None):
    task = D.DecodingTask(model, options)
    tok = task.tokenizer
    initial = list(task.initial_tokens)
    feats = layout.encode(mel_segment.unsqueeze(0))
    logits0, _ = layout.start(feats, initial)
    no_speech_prob = logits0[task.sot_index].float().softmax(-1)[tok.no_speech].item()
    tokens = torch.tensor([initial])
    sum_logprob = 0.0
    margins = []
    logits = logits0[-1]
    for i in range(task.sample_len):
        if i > 0:
            logits = layout.step(feats, tokens[0, -1].item())
        lg = logits.clone().unsqueeze(0)
        if noise:
            lg = lg + noise * torch.randn(lg.shape, generator=gen)
        for f in task.logit_filters:
            f.apply(lg, tokens)
        top2 = lg[0].topk(2).values
        margins.append((top2[0] - top2[1]).item())
        nxt = lg[0].argmax().item()
        sum_logprob += F.log_softmax(lg.float(), dim=-1)[0, nxt].item()
        tokens = torch.cat([tokens, torch.tensor([[nxt]])], dim=-1)
        if nxt == tok.eot or tokens.shape[-1] > task.n_ctx:
            break
    out = tokens[0, len(initial):].tolist()
    if out and out[-1] == tok.eot:
        out = out[:-1]  # the EOT's logprob stays in the sum, as in openai's GreedyDecoder
    return dict(tokens=out, sum_logprob=sum_logprob, avg_logprob=sum_logprob / (len(out) + 1),
                no_speech_prob=no_speech_prob, min_margin=min(margins), initial_tokens=initial)


# ----------------------------------------------------------------------------------------------
# word alignment from softmaxed (over all 1500 frames) cross attentions, as a Java engine sees them
# ----------------------------------------------------------------------------------------------
def alignment_from_cross(whisper, tokenizer, text_tokens, cross, logits, num_frames, heads):
    """cross: list per layer of [1, h, T, 1500] softmax weights for the tokens
    [*sot_sequence, no_timestamps, *text_tokens, eot]. Renormalising the first num_frames // 2
    columns equals openai's softmax over the sliced raw scores."""
    timing = whisper.timing
    n_sot = len(tokenizer.sot_sequence)
    sampled = logits[n_sot:, : tokenizer.eot]
    probs = sampled.softmax(dim=-1)
    text_token_probs = probs[np.arange(len(text_tokens)), text_tokens].tolist()
    w = torch.stack([cross[l][0, h] for l, h in heads])[:, :, : num_frames // 2]
    w = w / w.sum(dim=-1, keepdim=True)
    std, mean = torch.std_mean(w, dim=-2, keepdim=True, unbiased=False)
    w = (w - mean) / std
    w = timing.median_filter(w, 7)
    matrix = w.mean(axis=0)[n_sot:-1]
    text_indices, time_indices = timing.dtw(-matrix)
    words, word_tokens = tokenizer.split_to_word_tokens(text_tokens + [tokenizer.eot])
    if len(word_tokens) <= 1:
        return []
    word_boundaries = np.pad(np.cumsum([len(t) for t in word_tokens[:-1]]), (1, 0))
    jumps = np.pad(np.diff(text_indices), (1, 0), constant_values=1).astype(bool)
    jump_times = time_indices[jumps] / 50
    return [dict(word=wd, tokens=tk, start=float(s), end=float(e), probability=float(np.mean(text_token_probs[i:j])))
            for wd, tk, s, e, i, j in zip(words, word_tokens, jump_times[word_boundaries[:-1]],
                                          jump_times[word_boundaries[1:]], word_boundaries[:-1], word_boundaries[1:])]


def mel_summary(mel, frames=(0, 1, 100, 599), bins=(0, 1, 40, 79)):
    m = mel.detach().cpu().numpy().astype(np.float32)
    m64 = m.astype(np.float64)
    return {
        "shape": list(m.shape),
        "sum": float(m64.sum()),
        "sum_abs": float(np.abs(m64).sum()),
        "sum_sq": float((m64 ** 2).sum()),
        "min": float(m.min()),
        "max": float(m.max()),
        "sha256_f32le": hashlib.sha256(m.astype("<f4").tobytes()).hexdigest(),
        "values": {f"bin{b}": {f"frame{f}": float(m[b, f]) for f in frames} for b in bins},
    }


def run_reference(whisper, model, tokenizer, audio, word_timestamps):
    """openai transcribe() at temperature 0, recording every decode() window."""
    D = whisper.decoding
    T = sys.modules["whisper.transcribe"]
    timing = whisper.timing
    windows, aligns, langs = [], [], []

    def rec_decode(segment, options):
        r = D.decode(model, segment, options)
        task = D.DecodingTask(model, options)
        needs_fallback = (r.compression_ratio > 2.4) or (r.avg_logprob < -1.0)
        silence = r.no_speech_prob > 0.6 and r.avg_logprob < -1.0
        windows.append(dict(
            mel_segment=segment, options=options,
            initial_tokens=list(task.initial_tokens), tokens=list(r.tokens), text=r.text,
            avg_logprob=r.avg_logprob, no_speech_prob=r.no_speech_prob,
            compression_ratio=r.compression_ratio, temperature=r.temperature,
            fallback_rule={"compression_ratio_gt_2.4": r.compression_ratio > 2.4,
                           "avg_logprob_lt_-1": r.avg_logprob < -1.0,
                           "no_speech_gt_0.6_and_avg_lt_-1": silence,
                           "would_retry_hotter": bool(needs_fallback and not silence)},
            skipped_as_no_speech=bool(r.no_speech_prob > 0.6 and not r.avg_logprob > -1.0),
        ))
        return r

    def rec_detect(mel, tokenizer=None):
        lt, probs = D.detect_language(model, mel, tokenizer)
        langs.append(dict(mel=mel, probs=probs))
        return lt, probs

    orig_find = timing.find_alignment

    def rec_find(model_, tokenizer_, text_tokens, mel, num_frames, **kw):
        res = orig_find(model_, tokenizer_, text_tokens, mel, num_frames, **kw)
        aligns.append(dict(text_tokens=list(text_tokens), num_frames=num_frames, mel=mel,
                           words=[dict(word=w.word, tokens=list(w.tokens), start=float(w.start),
                                       end=float(w.end), probability=float(w.probability)) for w in res]))
        return res

    model.decode = rec_decode
    model.detect_language = rec_detect
    timing.find_alignment = rec_find
    try:
        result = T.transcribe(model, audio, temperature=0.0, word_timestamps=word_timestamps,
                              fp16=False, condition_on_previous_text=True)
    finally:
        del model.decode
        del model.detect_language
        timing.find_alignment = orig_find
    return result, windows, aligns, langs


def clean_segments(segments):
    out = []
    for s in segments:
        d = {k: s[k] for k in ("id", "seek", "start", "end", "text", "tokens", "temperature",
                               "avg_logprob", "compression_ratio", "no_speech_prob")}
        if "words" in s:
            d["words"] = [dict(word=w["word"], start=w["start"], end=w["end"],
                               probability=w["probability"]) for w in s["words"]]
        out.append(d)
    return out


# ----------------------------------------------------------------------------------------------
# ONNX export
# ----------------------------------------------------------------------------------------------
def export_layout_a(model, folder, tmp):
    import onnx
    L, H = model.dims.n_text_layer, model.dims.n_text_head
    hd = model.dims.n_text_state // H
    d = model.dims.n_text_state
    mel = torch.zeros(1, 80, 3000)
    torch.onnx.export(EncoderA(model).eval(), (mel,), os.path.join(folder, "encoder_model.onnx"),
                      opset_version=17, input_names=["input_features"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={"input_features": {0: "batch_size"},
                                    "last_hidden_state": {0: "batch_size"}})
    feats = torch.randn(1, 1500, d)
    ids = torch.tensor([[50258, 50259, 50359]])
    pres_names, past_names = [], []
    for i in range(L):
        for kind in ("decoder", "encoder"):
            for kv in ("key", "value"):
                pres_names.append(f"present.{i}.{kind}.{kv}")
                past_names.append(f"past_key_values.{i}.{kind}.{kv}")
    cross_names = [f"cross_attentions.{i}" for i in range(L)]
    out_names = ["logits"] + pres_names + cross_names
    dyn0 = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for n in pres_names:
        dyn0[n] = {0: "batch_size", 2: ("decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out")}
    for n in cross_names:
        dyn0[n] = {0: "batch_size", 2: "decoder_sequence_length", 3: "encoder_sequence_length_out"}
    p0 = os.path.join(tmp, "decoder_model.onnx")
    torch.onnx.export(DecoderA(model, False).eval(), (ids, feats), p0, opset_version=17,
                      input_names=["input_ids", "encoder_hidden_states"], output_names=out_names,
                      dynamic_axes=dyn0)
    past = []
    for i in range(L):
        past += [torch.randn(1, H, 3, hd), torch.randn(1, H, 3, hd),
                 torch.randn(1, H, 1500, hd), torch.randn(1, H, 1500, hd)]
    dyn1 = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for n in past_names:
        dyn1[n] = {0: "batch_size", 2: ("past_decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out")}
    for n in pres_names:
        dyn1[n] = {0: "batch_size", 2: ("past_decoder_sequence_length + 1" if ".decoder." in n else "encoder_sequence_length_out")}
    for n in cross_names:
        dyn1[n] = {0: "batch_size", 2: "decoder_sequence_length", 3: "encoder_sequence_length_out"}
    p1 = os.path.join(tmp, "decoder_with_past_model.onnx")
    torch.onnx.export(DecoderA(model, True).eval(), (ids[:, :1], feats, *past), p1, opset_version=17,
                      input_names=["input_ids", "encoder_hidden_states"] + past_names,
                      output_names=out_names, dynamic_axes=dyn1)
    merged = merge_decoders(onnx.load(p0), onnx.load(p1), past_names, out_names, L, H, hd, d)
    onnx.checker.check_model(merged)
    onnx.save(merged, os.path.join(folder, "decoder_model_merged.onnx"))
    return out_names, past_names


def merge_decoders(m0, m1, past_names, out_names, L, H, hd, d):
    """optimum-style merge: one graph, If(use_cache_branch) -> then: with past, else: no past;
    initializers hoisted to the outer graph and de-duplicated by content."""
    import onnx
    import onnx.numpy_helper
    from onnx import TensorProto, helper

    def prefix_graph(g, pre, keep):
        ren = {}
        for init in g.initializer:
            ren[init.name] = pre + init.name
            init.name = pre + init.name
        for node in g.node:
            for i, n in enumerate(node.input):
                if n in ren:
                    node.input[i] = ren[n]
            for i, n in enumerate(node.output):
                if n not in keep:
                    ren[n] = pre + n
                    node.output[i] = pre + n
        for node in g.node:
            for i, n in enumerate(node.input):
                if n in ren:
                    node.input[i] = ren[n]
            if node.name:
                node.name = pre + node.name
        for o in g.output:
            if o.name in ren:
                o.name = ren[o.name]
        return g

    g0 = prefix_graph(m0.graph, "nopast/", set())
    g1 = prefix_graph(m1.graph, "past/", set())
    # outputs of each branch: rename to branch-local names via Identity
    def branch(g, name):
        outs = []
        nodes = list(g.node)
        for o, final in zip(g.output, out_names):
            local = name + "/out/" + final
            nodes.append(helper.make_node("Identity", [o.name], [local], name=name + "/id/" + final))
            outs.append(helper.make_tensor_value_info(local, o.type.tensor_type.elem_type, None))
        return nodes, outs

    # hoist + dedupe initializers
    by_hash, rename, inits = {}, {}, []
    for g in (g0, g1):
        for init in g.initializer:
            arr = onnx.numpy_helper.to_array(init)
            key = (init.data_type, tuple(init.dims), hashlib.sha256(arr.tobytes()).hexdigest())
            if key in by_hash:
                rename[init.name] = by_hash[key]
            else:
                new_name = init.name.split("/", 1)[1]
                if any(i.name == new_name for i in inits):
                    new_name = init.name
                by_hash[key] = new_name
                rename[init.name] = new_name
                c = onnx.TensorProto()
                c.CopyFrom(init)
                c.name = new_name
                inits.append(c)
    for g in (g0, g1):
        for node in g.node:
            for i, n in enumerate(node.input):
                if n in rename:
                    node.input[i] = rename[n]
    n0, o0 = branch(g0, "nopast")
    n1, o1 = branch(g1, "past")
    else_g = helper.make_graph(n0, "no_past", [], o0)
    then_g = helper.make_graph(n1, "with_past", [], o1)
    if_node = helper.make_node("If", ["use_cache_branch"], out_names, name="optimum::if",
                               then_branch=then_g, else_branch=else_g)
    f = TensorProto.FLOAT
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
              helper.make_tensor_value_info("encoder_hidden_states", f, ["batch_size", "encoder_sequence_length", d])]
    for n in past_names:
        third = "past_decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out"
        inputs.append(helper.make_tensor_value_info(n, f, ["batch_size", H, third, hd]))
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [helper.make_tensor_value_info("logits", f, ["batch_size", "decoder_sequence_length", 51865])]
    for n in out_names[1:]:
        if n.startswith("cross_attentions"):
            outputs.append(helper.make_tensor_value_info(n, f, ["batch_size", H, "decoder_sequence_length", "encoder_sequence_length_out"]))
        elif ".decoder." in n:
            outputs.append(helper.make_tensor_value_info(n, f, ["batch_size", H, "present_decoder_sequence_length", hd]))
        else:
            outputs.append(helper.make_tensor_value_info(n, f, ["batch_size", H, "encoder_sequence_length_out", hd]))
    graph = helper.make_graph([if_node], "merged", inputs, outputs, initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                          producer_name="audiomesh-whisper-fixtures")
    m.ir_version = m0.ir_version
    return m


def export_layout_b(model, tokenizer, folder):
    import onnx
    d = model.dims
    mel = torch.zeros(1, 80, 3000)
    enc_path = os.path.join(folder, "encoder.onnx")
    torch.onnx.export(EncoderB(model).eval(), (mel,), enc_path, opset_version=17,
                      input_names=["mel"], output_names=["n_layer_cross_k", "n_layer_cross_v"],
                      dynamic_axes={"mel": {0: "n_audio"}, "n_layer_cross_k": {1: "n_audio"},
                                    "n_layer_cross_v": {1: "n_audio"}})
    meta = {
        "model_type": "whisper-audiomesh-fixture", "version": "1", "maintainer": "audiomesh",
        "n_mels": d.n_mels, "n_audio_ctx": d.n_audio_ctx, "n_audio_state": d.n_audio_state,
        "n_audio_head": d.n_audio_head, "n_audio_layer": d.n_audio_layer, "n_vocab": d.n_vocab,
        "n_text_ctx": d.n_text_ctx, "n_text_state": d.n_text_state, "n_text_head": d.n_text_head,
        "n_text_layer": d.n_text_layer,
        "sot_sequence": ",".join(map(str, tokenizer.sot_sequence)),
        "all_language_tokens": ",".join(map(str, tokenizer.all_language_tokens)),
        "all_language_codes": ",".join(tokenizer.all_language_codes),
        "sot": tokenizer.sot, "sot_index": tokenizer.sot_sequence.index(tokenizer.sot),
        "eot": tokenizer.eot, "blank_id": tokenizer.encode(" ")[0],
        "is_multilingual": 1, "no_speech": tokenizer.no_speech,
        "non_speech_tokens": ",".join(map(str, tokenizer.non_speech_tokens)),
        "transcribe": tokenizer.transcribe, "translate": tokenizer.translate,
        "sot_prev": tokenizer.sot_prev, "sot_lm": tokenizer.sot_lm,
        "no_timestamps": tokenizer.no_timestamps,
    }
    m = onnx.load(enc_path)
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, str(v)
    onnx.save(m, enc_path)
    ck = torch.randn(d.n_text_layer, 1, 1500, d.n_text_state)
    kc = torch.zeros(d.n_text_layer, 1, d.n_text_ctx, d.n_text_state)
    torch.onnx.export(DecoderB(model).eval(),
                      (torch.tensor([[50258, 50259, 50359]]), kc, kc.clone(), ck, ck.clone(), torch.tensor([0])),
                      os.path.join(folder, "decoder.onnx"), opset_version=17,
                      input_names=["tokens", "in_n_layer_self_k_cache", "in_n_layer_self_v_cache",
                                   "n_layer_cross_k", "n_layer_cross_v", "offset"],
                      output_names=["logits", "out_n_layer_self_k_cache", "out_n_layer_self_v_cache"],
                      dynamic_axes={"tokens": {0: "n_audio", 1: "n_tokens"},
                                    "in_n_layer_self_k_cache": {1: "n_audio"},
                                    "in_n_layer_self_v_cache": {1: "n_audio"},
                                    "n_layer_cross_k": {1: "n_audio"}, "n_layer_cross_v": {1: "n_audio"},
                                    "logits": {0: "n_audio", 1: "n_tokens"},
                                    "out_n_layer_self_k_cache": {1: "n_audio"},
                                    "out_n_layer_self_v_cache": {1: "n_audio"}})
    for name in ("encoder.onnx", "decoder.onnx"):
        onnx.checker.check_model(onnx.load(os.path.join(folder, name)))
    return meta


# ----------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------
def jsonable(o):
    if isinstance(o, dict):
        return {str(k): jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [jsonable(v) for v in o]
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, torch.Tensor):
        return jsonable(o.tolist())
    return o


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--whisper-src", default=os.environ.get("WHISPER_SRC", "/tmp/whisper-src"),
                    help="directory holding openai/whisper's whisper/ package (a git checkout)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--ort-dir", default=None,
                    help="also write inputs/expected outputs for OrtCheck.java into this folder")
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    whisper = load_whisper(args.whisper_src)
    D = whisper.decoding
    tokenizer = whisper.tokenizer.get_tokenizer(True, num_languages=99, language="en", task="transcribe")
    out = args.out
    fa, fb = os.path.join(out, "layout-a"), os.path.join(out, "layout-b")
    for f in (out, fa, fb):
        os.makedirs(f, exist_ok=True)

    # --- tokenizer files
    tok_files, tok_checks, added = build_tokenizer_files(whisper, tokenizer)
    for folder in (fa, fb):
        for name, text in tok_files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                fh.write(text)
    print("tokenizer files written; BPE check passed on", len(tok_checks), "sentences")

    # --- audio
    pcm = read_wav(SPEECH_SRC)[: int(SPEECH_SECONDS * 16000)]
    write_wav(os.path.join(out, "speech.wav"), pcm)
    write_wav(os.path.join(out, "silence.wav"), np.zeros(int(SILENCE_SECONDS * 16000), np.int16))
    inputs = {"speech": read_wav(os.path.join(out, "speech.wav")),
              "silence": read_wav(os.path.join(out, "silence.wav"))}

    # --- mel filters check
    npz = np.load(os.path.join(args.whisper_src, "whisper", "assets", "mel_filters.npz"))["mel_80"]
    mine = slaney_mel_filters()
    filt_diff = float(np.abs(npz - mine).max())
    assert filt_diff < 1e-6, filt_diff

    # --- model
    model, word_tokens = build_model(whisper, tokenizer)
    dims = model.dims
    heads = [[int(l), int(h)] for l, h in model.alignment_heads.indices().T.tolist()]
    layA, layB = LayoutA(model), LayoutB(model)

    ref = {
        "generator": {
            "script": "tools/whisper-fixtures/make_whisper_fixtures.py",
            "openai_whisper_commit": whisper_commit(args.whisper_src),
            "openai_whisper_version": sys.modules["whisper.version"].__version__,
            "torch": torch.__version__, "numpy": np.__version__,
            "seed": SEED,
            "biasing": dict(EMB_STD=EMB_STD, BIAS_SCALE=BIAS_SCALE, BIAS_WORD=BIAS_WORD, BIAS_EOT=BIAS_EOT,
                            BIAS_TS=BIAS_TS, TS_SLOPE=TS_SLOPE, POS_STD=POS_STD, FINAL_LN_MEAN=FINAL_LN_MEAN,
                            BIAS_EN=BIAS_EN, BIAS_NS=BIAS_NS, CROSS_SHARPEN=CROSS_SHARPEN,
                            CROSS_OUT=CROSS_OUT, LANG_NOISE=LANG_NOISE, boosted_word_tokens=word_tokens),
        },
        "dims": dims.__dict__,
        "alignment_heads": heads,
        "special_tokens": {
            "eot": tokenizer.eot, "sot": tokenizer.sot, "first_language": tokenizer.to_language_token("en"),
            "translate": tokenizer.translate, "transcribe": tokenizer.transcribe, "sot_lm": tokenizer.sot_lm,
            "sot_prev": tokenizer.sot_prev, "no_speech": tokenizer.no_speech,
            "no_timestamps": tokenizer.no_timestamps, "timestamp_begin": tokenizer.timestamp_begin,
            "last_timestamp": tokenizer.timestamp_begin + 1500,
        },
        "tokenizer_checks": tok_checks,
        "mel_filters_max_abs_diff_librosa_formula_vs_openai_npz": filt_diff,
        "decoding": {
            "temperature": 0.0, "sample_len": dims.n_text_ctx // 2, "suppress_tokens": "-1",
            "suppress_tokens_resolved": list(D.DecodingTask(model, D.DecodingOptions(language="en", fp16=False))._get_suppress_tokens()),
            "suppress_blank": True, "blank_tokens": tokenizer.encode(" ") + [tokenizer.eot],
            "max_initial_timestamp": 1.0, "without_timestamps": False, "beam_size": None,
            "condition_on_previous_text": True, "compression_ratio_threshold": 2.4,
            "logprob_threshold": -1.0, "no_speech_threshold": 0.6,
            "word_timestamps": {"medfilt_width": 7, "qk_scale": 1.0, "frames_per_second": 50,
                                "prepend_punctuations": "\"'“¿([{-",
                                "append_punctuations": "\"'.。,，!！?？:：”)]}、"},
        },
        "inputs": {},
    }
    ort_cases = []
    for name, pcm16 in inputs.items():
        audio = pcm16.astype(np.float32) / 32768.0
        entry = {"file": f"{name}.wav", "samples": int(len(pcm16)), "sample_rate": 16000}
        mel_plain = whisper.audio.pad_or_trim(whisper.audio.log_mel_spectrogram(audio, 80), 3000)
        mel_padded = whisper.audio.log_mel_spectrogram(audio, 80, padding=480000)
        content = mel_padded.shape[-1] - 3000
        window0 = whisper.audio.pad_or_trim(mel_padded[:, :content], 3000)
        entry["mel"] = {
            "plain": dict(description="log_mel_spectrogram(audio) then pad_or_trim(3000) (zeros = 0.0 appended)",
                          **mel_summary(mel_plain)),
            "transcribe_language_detection": dict(
                description="log_mel_spectrogram(audio, padding=480000)[:, :3000]: audio + 30 s of zero "
                            "samples through the front end (used by transcribe() for language detection)",
                **mel_summary(mel_padded[:, :3000])),
            "transcribe_window0": dict(
                description="first decode window of transcribe(): mel_padded[:, :content_frames] then "
                            "pad_or_trim(3000) (0.0 appended)", content_frames=content,
                **mel_summary(window0)),
        }
        if name == "speech":
            np.asarray(mel_padded[:, :content].numpy(), dtype="<f4").tofile(os.path.join(out, "speech.mel-content-f32le.bin"))
        for wt in (False, True):
            result, windows, aligns, langs = run_reference(whisper, model, tokenizer, audio, wt)
            lp = langs[0]["probs"]
            top5 = sorted(lp.items(), key=lambda kv: -kv[1])[:5]
            key = "transcribe_word_timestamps" if wt else "transcribe"
            rec = {
                "language_detection": {"top5": [[c, p] for c, p in top5], "detected": result["language"]},
                "windows": [{k: w[k] for k in ("initial_tokens", "tokens", "text", "avg_logprob", "no_speech_prob",
                                               "compression_ratio", "temperature", "fallback_rule",
                                               "skipped_as_no_speech")} for w in windows],
                "segments": clean_segments(result["segments"]),
                "text": result["text"],
            }
            if wt:
                rec["alignments"] = [{k: a[k] for k in ("text_tokens", "num_frames", "words")} for a in aligns]
            # --- layouts A and B must give the same tokens (torch wrappers of the exported graphs)
            checks = {}
            for lname, lay in (("A", layA), ("B", layB)):
                same, margins, diffs = True, [], []
                for w in windows:
                    g = greedy_window(D, model, lay, w["mel_segment"], w["options"])
                    same &= g["tokens"] == w["tokens"]
                    same &= g["initial_tokens"] == w["initial_tokens"]
                    margins.append(g["min_margin"])
                    diffs.append(abs(g["avg_logprob"] - w["avg_logprob"]))
                    diffs.append(abs(g["no_speech_prob"] - w["no_speech_prob"]))
                    for k in range(3):  # robustness: 1e-3 logit noise must not change a token
                        gn = greedy_window(D, model, lay, w["mel_segment"], w["options"], noise=1e-3,
                                           gen=torch.Generator().manual_seed(k))
                        same &= gn["tokens"] == w["tokens"]
                # language detection through the layout
                feats = lay.encode(langs[0]["mel"].unsqueeze(0))
                lg, _ = lay.start(feats, [tokenizer.sot])
                lt = list(tokenizer.all_language_tokens)
                probs = lg[0, lt].softmax(-1)
                same &= tokenizer.all_language_codes[int(probs.argmax())] == result["language"]
                diffs.append(max(abs(probs[i].item() - lp[c]) for i, c in enumerate(tokenizer.all_language_codes)))
                checks[lname] = {"tokens_identical": bool(same), "min_top1_top2_logit_margin": min(margins),
                                 "max_abs_diff_probs": max(diffs)}
                assert same, (name, key, lname)
            if wt:
                # word alignment from layout A's softmaxed cross_attentions output
                ok, maxd = True, 0.0
                for a in aligns:
                    toks = [*tokenizer.sot_sequence, tokenizer.no_timestamps, *a["text_tokens"], tokenizer.eot]
                    feats = layA.encode(a["mel"].unsqueeze(0))
                    logits, cross = layA.start(feats, toks)
                    words = alignment_from_cross(whisper, tokenizer, a["text_tokens"], list(cross), logits,
                                                 a["num_frames"], heads)
                    for w1, w2 in zip(words, a["words"]):
                        ok &= (w1["word"], w1["start"], w1["end"]) == (w2["word"], w2["start"], w2["end"])
                        maxd = max(maxd, abs(w1["probability"] - w2["probability"]))
                    ok &= len(words) == len(a["words"])
                    # robustness: relative 1e-4 noise on the attention weights
                    for k in range(3):
                        gen = torch.Generator().manual_seed(100 + k)
                        noisy = [c * (1 + 1e-4 * torch.randn(c.shape, generator=gen)) for c in cross]
                        wn = alignment_from_cross(whisper, tokenizer, a["text_tokens"], noisy, logits,
                                                  a["num_frames"], heads)
                        ok &= [(x["start"], x["end"]) for x in wn] == [(x["start"], x["end"]) for x in words]
                checks["A_word_alignment_from_cross_attentions"] = {"identical": bool(ok), "max_abs_diff_probability": maxd}
                assert ok, (name, "alignment")
            rec["layout_checks"] = checks
            entry[key] = rec
            if not wt:
                ort_cases.append((name, windows, langs[0]["mel"]))
            if wt:
                ort_aligns = aligns
        ref["inputs"][name] = entry
        print(name, "->", json.dumps(entry["transcribe"]["segments"], ensure_ascii=False)[:600])

    # --- ONNX export
    import tempfile
    tmp = tempfile.mkdtemp(prefix="wfx-")
    out_names, past_names = export_layout_a(model, fa, tmp)
    meta = export_layout_b(model, tokenizer, fb)
    ref["onnx"] = {
        "opset": 17,
        "layout_a_decoder": "single graph with an ONNX If on use_cache_branch (optimum merge style); "
                            "use_cache_branch=true returns present.*.encoder.* as empty [batch, heads, 0, head_dim] "
                            "dummies (keep the encoder k/v of the first call)",
        "layout_b_metadata": meta,
    }

    # --- config files
    lang_to_id = {f"<|{c}|>": t for c, t in zip(tokenizer.all_language_codes, tokenizer.all_language_tokens)}
    config = {
        "model_type": "whisper", "architectures": ["WhisperForConditionalGeneration"],
        "num_mel_bins": dims.n_mels, "d_model": dims.n_text_state,
        "encoder_layers": dims.n_audio_layer, "encoder_attention_heads": dims.n_audio_head,
        "decoder_layers": dims.n_text_layer, "decoder_attention_heads": dims.n_text_head,
        "encoder_ffn_dim": 4 * dims.n_audio_state, "decoder_ffn_dim": 4 * dims.n_text_state,
        "max_source_positions": dims.n_audio_ctx, "max_target_positions": dims.n_text_ctx,
        "vocab_size": dims.n_vocab, "decoder_start_token_id": tokenizer.sot,
        "bos_token_id": tokenizer.eot, "eos_token_id": tokenizer.eot, "pad_token_id": tokenizer.eot,
        "begin_suppress_tokens": tokenizer.encode(" ") + [tokenizer.eot],
        "scale_embedding": False, "activation_function": "gelu",
    }
    gen_config = {
        "alignment_heads": heads, "lang_to_id": lang_to_id,
        "task_to_id": {"translate": tokenizer.translate, "transcribe": tokenizer.transcribe},
        "no_timestamps_token_id": tokenizer.no_timestamps, "decoder_start_token_id": tokenizer.sot,
        "prev_sot_token_id": tokenizer.sot_prev, "is_multilingual": True,
        "begin_suppress_tokens": tokenizer.encode(" ") + [tokenizer.eot],
        "suppress_tokens": list(tokenizer.non_speech_tokens),
        "max_initial_timestamp_index": 50, "max_length": dims.n_text_ctx,
        "bos_token_id": tokenizer.eot, "eos_token_id": tokenizer.eot, "pad_token_id": tokenizer.eot,
    }
    for folder in (fa, fb):
        with open(os.path.join(folder, "config.json"), "w") as fh:
            json.dump(config, fh, indent=1)
        with open(os.path.join(folder, "generation_config.json"), "w") as fh:
            json.dump(gen_config, fh, indent=1)

    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as fh:
        json.dump(jsonable(ref), fh, indent=1, ensure_ascii=False)
        fh.write("\n")

    if args.ort_dir:
        write_ort_cases(args.ort_dir, model, layA, layB, tokenizer, ort_cases, ort_aligns, heads)
    print("done")


def write_ort_cases(folder, model, layA, layB, tokenizer, cases, aligns, heads):
    """Teacher-forced inputs and torch outputs for OrtCheck.java (ONNX Runtime check)."""
    os.makedirs(folder, exist_ok=True)
    lines = []
    n = 0
    for name, windows, lang_mel in cases:
        for w in windows:
            mel = w["mel_segment"].numpy().astype("<f4")
            seq = w["initial_tokens"] + w["tokens"]
            base = os.path.join(folder, f"case{n}")
            mel.tofile(base + ".mel")
            # torch expectations: logits of every step (last position) for layouts A and B
            for lname, lay in (("A", layA), ("B", layB)):
                feats = lay.encode(w["mel_segment"].unsqueeze(0))
                lg0, _ = lay.start(feats, w["initial_tokens"])
                rows = [lg0[-1]]
                for t in w["tokens"]:
                    rows.append(lay.step(feats, t))
                torch.stack(rows).numpy().astype("<f4").tofile(base + f".{lname}.logits")
            lines.append(f"case{n} {len(w['initial_tokens'])} {' '.join(map(str, seq))}")
            n += 1
    for k, a in enumerate(aligns):
        toks = [*tokenizer.sot_sequence, tokenizer.no_timestamps, *a["text_tokens"], tokenizer.eot]
        base = os.path.join(folder, f"align{k}")
        a["mel"].numpy().astype("<f4").tofile(base + ".mel")
        feats = layA.encode(a["mel"].unsqueeze(0))
        logits, cross = layA.start(feats, toks)
        torch.stack([c[0] for c in cross]).numpy().astype("<f4").tofile(base + ".A.cross")
        logits.numpy().astype("<f4").tofile(base + ".A.alogits")
        lines.append(f"align{k} {len(toks)} {' '.join(map(str, toks))}")
    with open(os.path.join(folder, "cases.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
