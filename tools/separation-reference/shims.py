"""Stand-ins for third-party modules that demucs imports but that Debian does not package.

Installed into ``sys.modules`` by ``install()`` only for modules that cannot be imported, so a
machine that has the real packages uses them. Which of them the exported model actually runs:

* ``einops.rearrange`` IS on the code path (``CrossTransformerEncoder.forward`` flattens the
  spectral branch to tokens and back). The stand-in implements einops' semantics for the
  patterns without ellipsis or anonymous axes that demucs uses (split groups into axes,
  permute, merge groups), which is a reshape / permute / reshape in torch.
* the rest only satisfy module-level imports and are never called for an ``HTDemucs`` in
  ``eval()`` with ``cac=True`` applied with ``progress=False``: ``julius`` (resampling in the
  older ``Demucs`` class), ``openunmix.filtering.wiener`` (``HTDemucs._wiener``, cac=False
  only), ``omegaconf.OmegaConf`` (``states.serialize_model``), ``dora.log.fatal``
  (``states._check_diffq``), ``tqdm`` (``apply_model(progress=True)``) and, for
  sevagh/demucs.onnx's modified copy, ``diffq`` (quantised checkpoints). Each raises if called.
"""

import importlib.util
import math
import sys
import types

INSTALLED = []


def _never(name):
    def fail(*args, **kwargs):
        raise RuntimeError("shim for %s called: this code path needs the real package" % name)
    return fail


def _parse(side):
    """'b (t1 fr) c' -> [['b'], ['t1', 'fr'], ['c']]"""
    groups, current = [], None
    for token in side.replace("(", " ( ").replace(")", " ) ").split():
        if token == "(":
            current = []
        elif token == ")":
            groups.append(current)
            current = None
        elif current is not None:
            current.append(token)
        else:
            groups.append([token])
    return groups


def rearrange(tensor, pattern, **sizes):
    """einops.rearrange for patterns of named axes and parenthesised groups (no '...', no '1')."""
    left, right = (_parse(s) for s in pattern.split("->"))
    assert len(left) == tensor.dim(), (pattern, tuple(tensor.shape))
    known = dict(sizes)
    for group, size in zip(left, tensor.shape):
        unknown = [a for a in group if a not in known]
        product = math.prod(known[a] for a in group if a in known)
        if len(unknown) == 1:
            known[unknown[0]] = size // product
        assert not unknown[1:], "cannot infer %s in %s" % (unknown, pattern)
        assert math.prod(known[a] for a in group) == size, (pattern, tuple(tensor.shape))
    axes = [a for g in left for a in g]
    order = [a for g in right for a in g]
    assert sorted(axes) == sorted(order), pattern
    x = tensor.reshape([known[a] for a in axes]).permute([axes.index(a) for a in order])
    return x.reshape([math.prod(known[a] for a in g) for g in right])


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    m.__audiomesh_shim__ = True
    return m


def install():
    """Registers the stand-ins for the modules that are missing; returns their names."""
    wanted = {
        "einops": lambda: {"einops": _module("einops", rearrange=rearrange)},
        "julius": lambda: {"julius": _module("julius", resample_frac=_never("julius.resample_frac"))},
        "openunmix": lambda: {
            "openunmix": _module("openunmix"),
            "openunmix.filtering": _module("openunmix.filtering", wiener=_never("openunmix.filtering.wiener")),
        },
        "omegaconf": lambda: {"omegaconf": _module("omegaconf", OmegaConf=types.SimpleNamespace(
            to_container=_never("omegaconf.OmegaConf.to_container")))},
        "dora": lambda: {"dora": _module("dora"), "dora.log": _module("dora.log", fatal=_never("dora.log.fatal"))},
        "tqdm": lambda: {"tqdm": _module("tqdm", tqdm=_never("tqdm.tqdm"))},
        "diffq": lambda: {"diffq": _module("diffq", DiffQuantizer=_never("diffq.DiffQuantizer"),
                                           UniformQuantizer=_never("diffq.UniformQuantizer"),
                                           restore_quantized_state=_never("diffq.restore_quantized_state"))},
    }
    for name, make in wanted.items():
        if name in sys.modules or importlib.util.find_spec(name) is not None:
            continue
        sys.modules.update(make())
        INSTALLED.append(name)
    for name in list(sys.modules):   # a shimmed package knows its shimmed submodules
        parent, _, child = name.rpartition(".")
        if parent and getattr(sys.modules[name], "__audiomesh_shim__", False) and parent in sys.modules:
            setattr(sys.modules[parent], child, sys.modules[name])
    return list(INSTALLED)
