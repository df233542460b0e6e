#!/usr/bin/env bash
# Accuracy benchmark of the analysis against aubio and bpm-tools, with ffmpeg as the loudness
# reference: renders the 30-song set for a seed, runs every tool on it and prints the tables.
#   bash tools/analysis-bench/run.sh [SEED] [OUT]
# SEED 2 is the held-out test set reported in BENCHMARKS.md (seed 1 is the development set the
# analysis was tuned on); OUT defaults to /tmp/analysis-bench (the audio, ~190 MB per set, stays
# out of git). Needs the analysis-service build (./mvnw -pl analysis-service -am package), java,
# python3, fluidsynth + fluid-soundfont-gm, aubio-tools, bpm-tools, sox, ffmpeg:
#   apt-get install -y fluidsynth fluid-soundfont-gm aubio-tools bpm-tools sox ffmpeg
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seed="${1:-2}"
out="${2:-/tmp/analysis-bench}"
set_dir="$out/set-seed$seed"
results="$out/results-seed$seed"
for tool in java python3 fluidsynth aubio bpm sox ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done
if [ ! -f "$set_dir/.rendered" ]; then
  rm -rf "$set_dir"
  python3 "$here/make_testset.py" --out "$set_dir" --seed "$seed" --render
  touch "$set_dir/.rendered"
fi
rm -rf "$results"
python3 "$here/bench.py" run --set "$set_dir" --results "$results"
python3 "$here/bench.py" score --set "$set_dir" --results "$results" --per-song | tee "$out/score-seed$seed.md"
