#!/usr/bin/env bash
# Separation benchmark of the built-in engine: quality against known stems, speed, memory.
#
#   ./mvnw -pl separation-service -am package -DskipTests   # once, builds the engine
#   bash tools/separation-bench/run.sh [songs] [first-seed]  # default 8 songs from seed 101
#
# Everything generated goes to target/separation-bench/ (not in git):
#   set/song-NNN/       mixes and true stems (make_set.py, 30 s each)
#   est/METHOD/song-NNN/  estimates: mixture, mid-side, band-split (baselines.py), builtin (ours)
#   scores.json         every score (score.py)
#   speed/              a 3-minute song (seed 900) and a 10-minute file (that song, repeated)
# Needs: python3 with numpy + scipy, fluidsynth, fluid-soundfont-gm, espeak-ng, sox, a JDK 17,
# GNU time (/usr/bin/time) and taskset (util-linux).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tools/separation-bench"
OUT="$ROOT/target/separation-bench"
SONGS="${1:-8}"
FIRST="${2:-101}"
APP="$ROOT/separation-service/target/quarkus-app"
CP="$APP/app/*:$APP/lib/main/*"
[ -d "$APP/app" ] || { echo "build first: ./mvnw -pl separation-service -am package -DskipTests" >&2; exit 1; }
for tool in python3 fluidsynth espeak-ng sox javac /usr/bin/time taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

mkdir -p "$OUT/classes"
javac -cp "$CP" -d "$OUT/classes" "$HERE/Separate.java"
RUN=(java -cp "$CP:$OUT/classes" Separate)

echo "== machine"
echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/{print $2}') GiB," \
  "$(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== test set: $SONGS songs of 30 s from seed $FIRST"
rm -rf "$OUT/set" "$OUT/est"
python3 "$HERE/make_set.py" --out "$OUT/set" --songs "$SONGS" --seconds 30 --first-seed "$FIRST" >/dev/null
python3 "$HERE/baselines.py" --set "$OUT/set" --out "$OUT/est" >/dev/null
"${RUN[@]}" "$OUT/est/builtin" "$OUT"/set/song-*/mix.wav | grep -v '^{'

echo "== quality"
python3 "$HERE/score.py" --set "$OUT/set" --json "$OUT/scores.json" \
  --est mixture="$OUT/est/mixture" --est mid-side="$OUT/est/mid-side" \
  --est band-split="$OUT/est/band-split" --est builtin="$OUT/est/builtin"

echo "== speed: 3-minute stereo 44.1 kHz song, one core (taskset -c 0, -XX:ActiveProcessorCount=1)"
SPEED="$OUT/speed"
if [ ! -f "$SPEED/song-900/mix.wav" ]; then
  python3 "$HERE/make_set.py" --out "$SPEED" --songs 1 --seconds 180 --first-seed 900 >/dev/null
fi
for run in 1 2; do
  /usr/bin/time -f "wall %e s, peak RSS %M KiB" taskset -c 0 java -XX:ActiveProcessorCount=1 \
    -cp "$CP:$OUT/classes" Separate "$SPEED/out" "$SPEED/song-900/mix.wav" 2>&1 | grep -v '^{'
done

echo "== memory: 10-minute stereo 44.1 kHz file (the 3-minute song 3.33 times), default JVM settings"
mkdir -p "$SPEED/long"
[ -f "$SPEED/long/mix.wav" ] || sox "$SPEED/song-900/mix.wav" "$SPEED/song-900/mix.wav" "$SPEED/song-900/mix.wav" \
  "$SPEED/song-900/mix.wav" "$SPEED/long/mix.wav" trim 0 600
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "${RUN[@]}" "$SPEED/out" "$SPEED/long/mix.wav" 2>&1 | grep -v '^{'
/usr/bin/time -f "wall %e s, peak RSS %M KiB (-Xmx256m)" java -Xmx256m -cp "$CP:$OUT/classes" Separate \
  "$SPEED/out" "$SPEED/long/mix.wav" 2>&1 | grep -v '^{'
