#!/usr/bin/env bash
# Rebuilds the small benchmark subset the analysis-service tests score themselves on:
#   analysis-service/src/test/resources/audio/bench/NAME.{mp3,json}
# nine 16-second songs of the benchmark design (seed 4, neither the development nor the test
# set), mono 22 050 Hz MP3 at 40 kbit/s (about 80 kB each; the tests decode them with ffmpeg).
# Needs python3, fluidsynth, the FluidR3 GM soundfont and ffmpeg with libmp3lame:
#   apt-get install -y fluidsynth fluid-soundfont-gm ffmpeg
# Usage: bash tools/analysis-bench/make-fixtures.sh   (from anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/analysis-service/src/test/resources/audio/bench"
songs="rock-96,pop16-156,sparse-88,syncopated-132,nodrums-block-76,waltz-138,six8-84,nodrums-six8-72,drift-rock-96-120"
for tool in python3 fluidsynth ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/make_testset.py" --out "$work" --seed 4 --seconds 16 --only "$songs" --render
mkdir -p "$out"
for name in ${songs//,/ }; do
  ffmpeg -nostdin -v error -y -i "$work/$name.wav" -ac 1 -ar 22050 -codec:a libmp3lame -b:a 40k \
    -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$out/$name.mp3"
  python3 - "$work/$name.json" "$out/$name.json" "$name.mp3" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1]))
truth["audio"] = sys.argv[3]
truth["encoding"] = "rendered at 44.1 kHz stereo, then mono 22.05 kHz MP3 40 kbit/s (ffmpeg libmp3lame)"
with open(sys.argv[2], "w") as f:
    json.dump(truth, f, indent=1)
    f.write("\n")
PY
done
echo "wrote:"
ls -l "$out"
