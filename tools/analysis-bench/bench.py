#!/usr/bin/env python3
"""Runs the analysis benchmark: our analysis and the peer tools on a rendered set, then scores them.

  bench.py run   --set DIR --results DIR [--only ours,aubio,bpm,ffmpeg]
  bench.py score --set DIR --results DIR [--markdown] [--per-song]

`run` analyses every DIR/*.wav that has a truth file (made by make_testset.py --render) with
  ours          java -cp <quarkus-app> org.audiomesh.analysis.cli.AnalyzeFiles (one JVM for all files)
  aubio         `aubio beat FILE` (beat times) and `aubio tempo FILE` (tempo)
  bpm           `bpm` of bpm-tools, at its default range (84-146 BPM) and at -m 50 -x 200
  ffmpeg        `ffmpeg -af ebur128=peak=true:metadata=1` (the loudness reference)
and stores the raw outputs under the results folder. `score` reads them back and prints the
accuracy table. Standard library only; the peer tools are Debian packages
(apt-get install -y aubio-tools bpm-tools ffmpeg sox).

Measures (as mir_eval computes them, greedy matching, which is optimal at these tolerances):
  beat F        F-measure of beats within +-70 ms, beats before 5 s ignored (mir_eval's default)
  beat F all    the same over the whole song
  Acc1 / Acc2   tempo within 4 % of the truth / also at 2x, 3x, 1/2 or 1/3 of it
  downbeat F    F-measure of downbeats within +-70 ms, before 5 s ignored
  meter         time signature equal to the truth
  key           tonic and mode equal to the truth (MIREX weighted score beside it: fifth 0.5,
                relative 0.3, parallel 0.2)
  loudness      |ours - ffmpeg| of integrated loudness, loudness range and true peak
"""
import argparse
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
APP = os.path.join(ROOT, "analysis-service", "target", "quarkus-app")
CLASSPATH = os.path.join(APP, "app", "*") + os.pathsep + os.path.join(APP, "lib", "main", "*")
TOLERANCE = 0.07
SKIP_S = 5.0
PITCH = {"C": 0, "C#": 1, "Db": 1, "D": 2, "D#": 3, "Eb": 3, "E": 4, "F": 5, "F#": 6, "Gb": 6, "G": 7,
         "G#": 8, "Ab": 8, "A": 9, "A#": 10, "Bb": 10, "B": 11}


def songs(set_dir):
    out = []
    for truth_path in sorted(glob.glob(os.path.join(set_dir, "*.json"))):
        name = os.path.splitext(os.path.basename(truth_path))[0]
        wav = os.path.join(set_dir, name + ".wav")
        if os.path.exists(wav):
            with open(truth_path) as f:
                out.append((name, wav, json.load(f)))
    return out


# -- running -----------------------------------------------------------------------------------

def run(args):
    todo = set(args.only.split(",")) if args.only else {"ours", "aubio", "bpm", "ffmpeg"}
    items = songs(args.set)
    if not items:
        sys.exit(f"no rendered songs in {args.set} (make_testset.py --render)")
    res = args.results
    for sub in ("ours", "aubio-beat", "aubio-tempo", "bpm", "bpm-wide", "ffmpeg"):
        os.makedirs(os.path.join(res, sub), exist_ok=True)
    if "ours" in todo:
        if not os.path.isdir(APP):
            sys.exit(f"{APP} missing: build first (./mvnw -pl analysis-service -am package)")
        subprocess.run(["java", "-cp", CLASSPATH, "org.audiomesh.analysis.cli.AnalyzeFiles",
                        "--out", os.path.join(res, "ours")] + [w for _, w, _ in items], check=True)
    for name, wav, _ in items:
        if "aubio" in todo:
            write(res, "aubio-beat", name, capture(["aubio", "beat", wav]))
            write(res, "aubio-tempo", name, capture(["aubio", "tempo", wav]))
        if "bpm" in todo:
            write(res, "bpm", name, bpm_tools(wav, []))
            write(res, "bpm-wide", name, bpm_tools(wav, ["-m", "50", "-x", "200"]))
        if "ffmpeg" in todo:
            write(res, "ffmpeg", name, ffmpeg_loudness(wav))
        print(name, file=sys.stderr)


def capture(cmd, stdin=None):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stdin=stdin,
                          stderr=subprocess.DEVNULL).stdout.decode()


def bpm_tools(wav, extra):
    sox = subprocess.Popen(["sox", wav, "-t", "raw", "-r", "44100", "-e", "float", "-c", "1", "-"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = capture(["bpm"] + extra, stdin=sox.stdout)
    sox.wait()
    return out


def ffmpeg_loudness(wav):
    """The final momentary-block values ffmpeg's ebur128 filter reports, to three decimals."""
    meta = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", wav, "-af",
                           "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-"],
                          check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    last = {}
    for line in meta.splitlines():
        m = re.match(r"lavfi\.r128\.(I|LRA|true_peak)=(\S+)", line)
        if m:
            last[m.group(1)] = float(m.group(2))
    return json.dumps({"integrated_lufs": last.get("I"), "loudness_range_lu": last.get("LRA"),
                       "true_peak_dbtp": 20 * math.log10(last["true_peak"]) if last.get("true_peak") else None})


def write(res, sub, name, text):
    with open(os.path.join(res, sub, name + ".txt"), "w") as f:
        f.write(text)


def read(res, sub, name, suffix=".txt"):
    path = os.path.join(res, sub, name + suffix)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


# -- measures ----------------------------------------------------------------------------------

def f_measure(reference, estimated, skip=SKIP_S):
    ref = [t for t in reference if t >= skip]
    est = [t for t in estimated if t >= skip]
    if not ref and not est:
        return 1.0
    if not ref or not est:
        return 0.0
    used = [False] * len(ref)
    hits = 0
    j0 = 0
    for e in est:
        best, best_d = -1, TOLERANCE
        while j0 < len(ref) and ref[j0] < e - TOLERANCE:
            j0 += 1
        j = j0
        while j < len(ref) and ref[j] <= e + TOLERANCE:
            d = abs(ref[j] - e)
            if not used[j] and d <= best_d:
                best, best_d = j, d
            j += 1
        if best >= 0:
            used[best] = True
            hits += 1
    if hits == 0:
        return 0.0
    p, r = hits / len(est), hits / len(ref)
    return 2 * p * r / (p + r)


def acc1(truth, est):
    return est is not None and abs(est - truth) <= 0.04 * truth


def acc2(truth, est):
    return est is not None and any(abs(est - f * truth) <= 0.04 * f * truth for f in (1, 2, 3, 0.5, 1 / 3))


def key_score(truth_key, truth_mode, key, mode):
    """MIREX key score: 1 same, 0.5 fifth above/below in the same mode, 0.3 relative, 0.2 parallel."""
    if key is None:
        return 0.0
    t, e = PITCH[truth_key], PITCH[key]
    if t == e and truth_mode == mode:
        return 1.0
    if truth_mode == mode and (e - t) % 12 in (5, 7):
        return 0.5
    if truth_mode == "major" and mode == "minor" and (e - t) % 12 == 9:
        return 0.3
    if truth_mode == "minor" and mode == "major" and (e - t) % 12 == 3:
        return 0.3
    if t == e:
        return 0.2
    return 0.0


def curve_error(truth_curve, est_curve):
    """Mean |est - truth| / truth of the local tempo at the truth's beat times (est interpolated)."""
    if not est_curve:
        return None
    xs = [p["time"] for p in est_curve]
    ys = [p["bpm"] for p in est_curve]
    errs = []
    for p in truth_curve:
        t = p["time"]
        if t < xs[0] or t > xs[-1]:
            continue
        i = max(0, min(len(xs) - 2, next((k for k in range(len(xs) - 1) if xs[k + 1] >= t), len(xs) - 2)))
        y = ys[i] if len(xs) == 1 else ys[i] + (ys[i + 1] - ys[i]) * (t - xs[i]) / max(1e-9, xs[i + 1] - xs[i])
        errs.append(abs(y - p["bpm"]) / p["bpm"])
    return statistics.mean(errs) if errs else None


def parse_number(text):
    m = re.search(r"[-+]?\d+(\.\d+)?", text or "")
    return float(m.group(0)) if m else None


# -- scoring -----------------------------------------------------------------------------------

def score(args):
    items = songs(args.set)
    rows = {sys_name: [] for sys_name in ("ours", "aubio", "bpm", "bpm-wide")}
    loud = []
    per_song = []
    for name, _, truth in items:
        beats, downbeats = truth["beats"], truth["downbeats"]
        ours_text = read(args.results, "ours", name, ".wav.json")
        if ours_text:
            o = json.loads(ours_text)
            r = {"beatF": f_measure(beats, o["beats"]), "beatFall": f_measure(beats, o["beats"], 0.0),
                 "acc1": acc1(truth["tempo_bpm"], o["tempo_bpm"]), "acc2": acc2(truth["tempo_bpm"], o["tempo_bpm"]),
                 "downF": f_measure(downbeats, o["downbeats"]),
                 "meter": o["time_signature"] == truth["time_signature"],
                 "key": o.get("key") == truth["key"] and o.get("mode") == truth["mode"],
                 "keyW": key_score(truth["key"], truth["mode"], o.get("key"), o.get("mode")),
                 "curve": curve_error(truth["tempo_curve"], o.get("tempo_curve")) if truth.get("drift") else None}
            rows["ours"].append(r)
            ff = read(args.results, "ffmpeg", name)
            if ff:
                f = json.loads(ff)
                lo = o["loudness"]
                loud.append({k: abs(lo[k] - f[k]) for k in ("integrated_lufs", "loudness_range_lu", "true_peak_dbtp")
                             if lo.get(k) is not None and f.get(k) is not None})
            per_song.append((name, truth, o, r))
        ab = read(args.results, "aubio-beat", name)
        if ab is not None:
            est = [float(x) for x in ab.split()]
            tempo = parse_number(read(args.results, "aubio-tempo", name))
            rows["aubio"].append({"beatF": f_measure(beats, est), "beatFall": f_measure(beats, est, 0.0),
                                  "acc1": acc1(truth["tempo_bpm"], tempo), "acc2": acc2(truth["tempo_bpm"], tempo)})
        for sub in ("bpm", "bpm-wide"):
            b = parse_number(read(args.results, sub, name))
            if b is not None:
                rows[sub].append({"acc1": acc1(truth["tempo_bpm"], b), "acc2": acc2(truth["tempo_bpm"], b)})

    def mean(rs, k):
        vals = [r[k] for r in rs if r.get(k) is not None]
        return statistics.mean(float(v) for v in vals) if vals else None

    cols = [("beat F", "beatF"), ("beat F all", "beatFall"), ("Acc1", "acc1"), ("Acc2", "acc2"),
            ("downbeat F", "downF"), ("meter", "meter"), ("key", "key"), ("key MIREX", "keyW")]
    labels = {"ours": "audiomesh (beat-dp)", "aubio": "aubio 0.4.9 (`aubio beat` / `aubio tempo`)",
              "bpm": "bpm-tools (`bpm`, default 84-146)", "bpm-wide": "bpm-tools (`bpm -m 50 -x 200`)"}
    n = len(items)
    print(f"{n} songs in {args.set}\n")
    print("| system | " + " | ".join(c for c, _ in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for sys_name, rs in rows.items():
        if not rs:
            continue
        cells = []
        for _, k in cols:
            v = mean(rs, k)
            cells.append("–" if v is None else f"{v:.3f}")
        print(f"| {labels[sys_name]} | " + " | ".join(cells) + " |")
    curves = [r["curve"] for r in rows["ours"] if r.get("curve") is not None]
    if curves:
        print(f"\ntempo curve of the {len(curves)} drifting songs: mean error {100 * statistics.mean(curves):.2f} %")
    if loud:
        print("\n| loudness vs ffmpeg ebur128 | mean abs diff | max abs diff |\n|---|---:|---:|")
        for k, label in (("integrated_lufs", "integrated (LU)"), ("loudness_range_lu", "loudness range (LU)"),
                         ("true_peak_dbtp", "true peak (dB)")):
            d = [x[k] for x in loud if k in x]
            if d:
                print(f"| {label} | {statistics.mean(d):.3f} | {max(d):.3f} |")
    groups = {}
    for name, truth, o, r in per_song:
        g = truth["style"].split("-")[0] if not truth.get("drift") else "drift"
        g = {"nodrums": "no drums"}.get(g, g)
        groups.setdefault(f"{g} {truth['time_signature']}" if g != "drift" else "drift", []).append(r)
    print("\n| ours by group | songs | beat F | Acc1 | downbeat F | meter | key |\n|---|---:|---:|---:|---:|---:|---:|")
    for g, rs in sorted(groups.items()):
        print(f"| {g} | {len(rs)} | {mean(rs, 'beatF'):.3f} | {mean(rs, 'acc1'):.3f} | {mean(rs, 'downF'):.3f} | "
              f"{mean(rs, 'meter'):.3f} | {mean(rs, 'key'):.3f} |")
    if args.per_song:
        print("\n| song | truth | ours | beat F | downbeat F | key |\n|---|---|---|---:|---:|---|")
        for name, truth, o, r in per_song:
            tb = o["tempo_bpm"]
            print(f"| {name} | {truth['tempo_bpm']:.1f} {truth['time_signature']} {truth['key']} {truth['mode']} | "
                  f"{'–' if tb is None else f'{tb:.1f}'} {o['time_signature']} {o.get('key')} {o.get('mode')} | "
                  f"{r['beatF']:.2f} | {r['downF']:.2f} | {'ok' if r['key'] else 'no'} |")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--set", required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--only", default="")
    s = sub.add_parser("score")
    s.add_argument("--set", required=True)
    s.add_argument("--results", required=True)
    s.add_argument("--per-song", action="store_true")
    a = p.parse_args()
    (run if a.command == "run" else score)(a)


if __name__ == "__main__":
    main()
