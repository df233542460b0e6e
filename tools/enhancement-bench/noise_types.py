#!/usr/bin/env python3
"""Confusion of the estimated noise type (EnhanceFiles JSON lines) against the noise that was added.

Usage: noise_types.py OURS.jsonl     (one line per clip, "input" path as in manifest.tsv)
"""
import collections
import json
import sys

counts = collections.defaultdict(collections.Counter)
for line in open(sys.argv[1]):
    d = json.loads(line)
    path = d["input"]
    truth = "clean" if "/clean/" in "/" + path else path.split("__")[1]
    counts[truth][d["noise_type"]] += 1
labels = sorted({k for c in counts.values() for k in c})
print("| added noise | " + " | ".join(labels) + " |")
print("|---" * (len(labels) + 1) + "|")
for truth in sorted(counts):
    print("| %s | %s |" % (truth, " | ".join(str(counts[truth].get(l, 0)) for l in labels)))
