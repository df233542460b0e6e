#!/usr/bin/env bash
# Runs the peer denoisers on every clip of a test set (see make_testset.py). Both peers get the
# clip's noise-only lead-in (first 0.4 s) as their noise reference, as they need one:
#   afftdn      ffmpeg -af afftdn                        (defaults: nr=12 dB, nf=-50 dB)
#   afftdn-nf   ffmpeg -af afftdn=nr=20:nf=LEAD_IN_RMS   (noise floor set to the lead-in's RMS level,
#                                                         clamped to afftdn's -80..-20 dB range)
#   noisered    sox IN OUT noisered PROFILE 0.21         (profile of the lead-in; 0.21 = sox's
#                                                         suggested amount)
#   noisered-05 sox IN OUT noisered PROFILE 0.5          (stronger)
# Usage: run_peers.sh SET_DIR
set -euo pipefail
set_dir="$1"
for tool in ffmpeg sox; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
cd "$set_dir"
tail -n +2 manifest.tsv | cut -f1 | while read -r clip; do
  for sys in afftdn afftdn-nf noisered noisered-05; do mkdir -p "out/$sys/$(dirname "$clip")"; done
  floor="$(sox "$clip" -n trim 0 0.4 stats 2>&1 | awk '/RMS lev dB/ {v=$4; if (v < -80) v=-80; if (v > -20) v=-20; printf "%.1f", v}')"
  ffmpeg -nostdin -v error -y -i "$clip" -af afftdn "out/afftdn/$clip"
  ffmpeg -nostdin -v error -y -i "$clip" -af "afftdn=nr=20:nf=$floor" "out/afftdn-nf/$clip"
  prof="$(mktemp)"
  sox "$clip" -n trim 0 0.4 noiseprof "$prof"
  sox "$clip" "out/noisered/$clip" noisered "$prof" 0.21
  sox "$clip" "out/noisered-05/$clip" noisered "$prof" 0.5
  rm -f "$prof"
done
