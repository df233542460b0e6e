#!/usr/bin/env bash
# Generates the noise classifier's training set, and a held-out evaluation set, from nothing but
# the OS packages: numpy (noise, hum, clicks, MIDI files), espeak-ng (speech, babble),
# pocketsphinx-testdata (real 16 kHz speech), fluidsynth + fluid-soundfont-gm (music), sox
# (resampling). The audio is not committed; only this script and the trained model are.
#
#   tools/noise-classifier/make_training_set.sh [OUT]        (default: target/noise-training)
#       OUT/train/<class>/*.wav   60 clips of 5 s per class, seed 1, half of the noise clips under
#                                 speech at 0-20 dB SNR
#       OUT/eval/<class>/*.wav    20 clips of 5 s per class, seed 1001: other voices, songs, levels,
#                                 and 40 % of the noise clips under speech at 0-15 dB SNR
#   then: ./audiomesh train-noise-classifier --data OUT/train --out analysis-service/src/main/resources/models/noise-classifier
#         ./audiomesh train-noise-classifier --evaluate OUT/eval
# Environment: CLIPS (train clips per class), EVAL_CLIPS, SEED.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-target/noise-training}"
PYTHON="${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}"
for tool in "$PYTHON" sox espeak-ng fluidsynth; do
  command -v "$tool" >/dev/null || { echo "make_training_set: $tool is required" >&2; exit 1; }
done
"$PYTHON" -c "import numpy" || { echo "make_training_set: python3-numpy is required" >&2; exit 1; }
[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || { echo "make_training_set: fluid-soundfont-gm is required" >&2; exit 1; }
[ -d /usr/share/pocketsphinx/test/data/librivox ] || { echo "make_training_set: pocketsphinx-testdata is required" >&2; exit 1; }
SEED="${SEED:-1}"
"$PYTHON" "$HERE/synth.py" --out "$OUT/train" --seed "$SEED" --clips "${CLIPS:-60}"
"$PYTHON" "$HERE/synth.py" --out "$OUT/eval" --seed "$((SEED + 1000))" --clips "${EVAL_CLIPS:-20}" --eval
echo "training set: $OUT/train   held-out set: $OUT/eval"
