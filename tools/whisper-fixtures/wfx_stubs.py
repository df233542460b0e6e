"""Stand-ins for the third-party packages openai/whisper imports (tiktoken, numba, tqdm).

Only what whisper/{tokenizer,timing,transcribe}.py use is implemented:
  * tiktoken.Encoding: rank-based byte-level BPE, exactly the tiktoken algorithm
    (merge the adjacent pair whose concatenation has the lowest rank, one at a time,
    leftmost first on ties), with the GPT-2 pre-tokenisation regex.
  * numba.jit: identity decorator (timing.dtw_cpu / backtrace then run as plain Python/NumPy
    with the same float32 cost array, so the results are the same).
  * tqdm.tqdm: a no-op progress bar.
"""
import re
import sys
import types
import unicodedata

_CLASS_CACHE = {}


def _unicode_class(prefix):
    """Character class body for \\p{L} (prefix 'L') or \\p{N} (prefix 'N')."""
    if prefix in _CLASS_CACHE:
        return _CLASS_CACHE[prefix]
    ranges = []
    start = None
    prev = None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(prefix):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append((start, prev))
            start = None
    if start is not None:
        ranges.append((start, prev))

    def esc(cp):
        return "\\U%08x" % cp

    body = "".join(esc(a) if a == b else esc(a) + "-" + esc(b) for a, b in ranges)
    _CLASS_CACHE[prefix] = body
    return body


def compile_pat(pat_str):
    """Translate the tiktoken/GPT-2 pattern (\\p{L}, \\p{N}) for Python's re module."""
    L = _unicode_class("L")
    N = _unicode_class("N")
    p = pat_str
    p = p.replace("[^\\s\\p{L}\\p{N}]", "[^\\s" + L + N + "]")
    p = p.replace("\\p{L}", "[" + L + "]")
    p = p.replace("\\p{N}", "[" + N + "]")
    return re.compile(p)


def rank_bpe(ranks, piece: bytes, max_rank=None):
    """tiktoken's byte pair merge; returns the list of parts (bytes)."""
    parts = [bytes([b]) for b in piece]
    while len(parts) > 1:
        best_i = None
        best_r = None
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and (best_r is None or r < best_r):
                best_i, best_r = i, r
        if best_r is None or (max_rank is not None and best_r >= max_rank):
            break
        parts = parts[:best_i] + [parts[best_i] + parts[best_i + 1]] + parts[best_i + 2:]
    return parts


class Encoding:
    def __init__(self, name, explicit_n_vocab=None, pat_str=None, mergeable_ranks=None,
                 special_tokens=None):
        self.name = name
        self.pat_str = pat_str
        self._pat = compile_pat(pat_str)
        self._mergeable_ranks = mergeable_ranks
        self._special_tokens = dict(special_tokens or {})
        self._decoder = {r: b for b, r in mergeable_ranks.items()}
        self._special_decoder = {r: s for s, r in self._special_tokens.items()}
        self.n_vocab = explicit_n_vocab
        self._cache = {}

    @property
    def special_tokens_set(self):
        # tiktoken returns a set (iteration order depends on string hashing); ordered by id here
        # so that Tokenizer.all_language_tokens is deterministic (en, zh, de, ...)
        return sorted(self._special_tokens, key=self._special_tokens.get)

    @property
    def eot_token(self):
        return self._special_tokens["<|endoftext|>"]

    def encode_single_token(self, text):
        if text in self._special_tokens:
            return self._special_tokens[text]
        b = text.encode("utf-8") if isinstance(text, str) else text
        return self._mergeable_ranks[b]

    def encode_ordinary(self, text):
        out = []
        for m in self._pat.finditer(text):
            piece = m.group(0).encode("utf-8")
            if piece in self._mergeable_ranks:
                out.append(self._mergeable_ranks[piece])
                continue
            cached = self._cache.get(piece)
            if cached is None:
                cached = [self._mergeable_ranks[p] for p in rank_bpe(self._mergeable_ranks, piece)]
                self._cache[piece] = cached
            out.extend(cached)
        return out

    def encode(self, text, allowed_special=frozenset(), disallowed_special="all"):
        if allowed_special == "all":
            allowed_special = self.special_tokens_set
        if allowed_special:
            pattern = "(" + "|".join(re.escape(s) for s in sorted(allowed_special, key=len, reverse=True)) + ")"
            out = []
            for i, chunk in enumerate(re.split(pattern, text)):
                if i % 2 == 1:
                    out.append(self._special_tokens[chunk])
                elif chunk:
                    out.extend(self.encode_ordinary(chunk))
            return out
        if disallowed_special == "all":
            for s in self._special_tokens:
                if s in text:
                    raise ValueError("text contains special token %r" % s)
        return self.encode_ordinary(text)

    def decode_single_token_bytes(self, token):
        if token in self._decoder:
            return self._decoder[token]
        return self._special_decoder[token].encode("utf-8")

    def decode_bytes(self, tokens):
        return b"".join(self.decode_single_token_bytes(t) for t in tokens)

    def decode(self, tokens, errors="replace"):
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)


class _Tqdm:
    def __init__(self, *a, **k):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def update(self, n=1):
        pass


def install():
    tiktoken = types.ModuleType("tiktoken")
    tiktoken.Encoding = Encoding
    sys.modules["tiktoken"] = tiktoken

    numba = types.ModuleType("numba")

    def jit(*args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]
        return lambda f: f

    numba.jit = jit
    sys.modules["numba"] = numba

    tqdm = types.ModuleType("tqdm")
    tqdm.tqdm = _Tqdm
    sys.modules["tqdm"] = tqdm
