#!/usr/bin/env python3
"""Word error rate of PocketSphinx (the OS recogniser that transcription-service's built-in engine
uses) on noisy clips before and after enhancement.

Usage: wer.py SET_DIR SYSTEM [SYSTEM ...]
Scores the librivox clips of the test set (they come with transcripts in pocketsphinx-testdata),
for every noise at 0 and 10 dB SNR, plus the clean clips, decoding SET_DIR/<clip> (noisy) and
SET_DIR/out/SYSTEM/<clip> with pocketsphinx_continuous and the pocketsphinx-en-us model.
WER = (substitutions + deletions + insertions) / reference words, summed over clips.
The clips were cut to 7 s by make_testset.py, which drops the last word of librivox0870 in
every condition alike.
"""
import concurrent.futures
import os
import re
import subprocess
import sys

PS = "/usr/share/pocketsphinx"
MODEL = ["-hmm", PS + "/model/en-us/en-us", "-lm", PS + "/model/en-us/en-us.lm.bin",
         "-dict", PS + "/model/en-us/cmudict-en-us.dict", "-logfn", "/dev/null"]
SNRS = {"0", "10"}


def references():
    refs = {}
    for line in open(PS + "/test/data/librivox/transcription"):
        m = re.match(r"<s> (.*) </s> \(sense_and_sensibility_01_austen_64kb-(\d+)\)", line.strip())
        if m:
            refs["librivox" + m.group(2)] = m.group(1).split()
    return refs


def decode(path):
    out = subprocess.run(["pocketsphinx_continuous", "-infile", path] + MODEL, capture_output=True, text=True)
    words = []
    for line in out.stdout.splitlines():
        words += [w for w in line.strip().split() if not w.startswith("<")]
    return words


def errors(ref, hyp):
    d = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(hyp)]


def main():
    root, systems = sys.argv[1], sys.argv[2:]
    refs = references()
    jobs = []
    with open(os.path.join(root, "manifest.tsv")) as f:
        next(f)
        for line in f:
            noisy, _, speech, noise, snr = line.rstrip("\n").split("\t")
            if speech not in refs or not (noise == "clean" or snr in SNRS):
                continue
            cond = "clean" if noise == "clean" else "%s %s dB" % (noise, snr)
            jobs.append((cond, "noisy", speech, os.path.join(root, noisy)))
            for s in systems:
                jobs.append((cond, s, speech, os.path.join(root, "out", s, noisy)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        hyps = list(pool.map(lambda j: decode(j[3]), jobs))
    totals = {}
    for (cond, system, speech, _), hyp in zip(jobs, hyps):
        e, n = totals.get((cond, system), (0, 0))
        totals[(cond, system)] = (e + errors(refs[speech], hyp), n + len(refs[speech]))
    conds = sorted({c for c, _ in totals}, key=lambda c: (c != "clean", c))
    cols = ["noisy"] + systems
    print("| condition | " + " | ".join(("input" if c == "noisy" else c) + " WER %" for c in cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for cond in conds:
        cells = ["%.1f" % (100.0 * totals[(cond, c)][0] / totals[(cond, c)][1]) for c in cols]
        print("| %s | %s |" % (cond, " | ".join(cells)))
    all_cells = []
    for c in cols:
        e = sum(v[0] for k, v in totals.items() if k[1] == c and k[0] != "clean")
        n = sum(v[1] for k, v in totals.items() if k[1] == c and k[0] != "clean")
        all_cells.append("%.1f" % (100.0 * e / n))
    print("| all noisy | %s |" % " | ".join(all_cells))


if __name__ == "__main__":
    main()
