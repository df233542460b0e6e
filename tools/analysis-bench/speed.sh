#!/usr/bin/env bash
# Speed and peak memory of the analysis against `aubio beat`, on one core, in the same run:
# a 3-minute stereo 44.1 kHz song of the benchmark design, then the same song repeated to an hour.
#   bash tools/analysis-bench/speed.sh [RUNS] [OUT]
# Each tool runs RUNS times on the song (default 5) and twice on the hour, alternating, pinned to one CPU (taskset -c 1) with
# the JVM told it has one processor; the medians and the fastest run are printed, with CPU time
# (user + sys) and peak RSS from /usr/bin/time. "ours, in the worker" is the time per file once
# the JVM is warm, as in the running service (AnalyzeFiles --repeat 10, the median).
# Needs what run.sh needs, plus /usr/bin/time (apt-get install -y time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
out="${2:-/tmp/analysis-bench}"
app="$root/analysis-service/target/quarkus-app"
cp="$app/app/*:$app/lib/main/*"
song="$out/speed/pop16-108.wav"
hour="$out/speed/pop16-108-hour.wav"
mkdir -p "$out/speed"
[ -f "$song" ] || python3 "$here/make_testset.py" --out "$out/speed" --seed 1 --only pop16-108 --seconds 180 --render
[ -f "$hour" ] || sox "$song" "$hour" repeat 19
# the one-shot JVM: class-data sharing archive of the analysis classes, C1 only, serial GC
jvm=(java -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$out/speed/analysis.jsa" -cp "$cp")
# (rebuilt every time: an archive only works with the jars it was made from)
rm -f "$out/speed/analysis.jsa"
java -XX:ArchiveClassesAtExit="$out/speed/analysis.jsa" -cp "$cp" \
  org.audiomesh.analysis.cli.AnalyzeFiles --out "$out/speed/json" "$song" 2>/dev/null

measure() { # label, command...: appends "label wall cpu rss" to $out/speed/runs.txt
  local label="$1"; shift
  /usr/bin/time -f "$label %e %U %S %M" -a -o "$out/speed/runs.txt" taskset -c 1 "$@" >/dev/null 2>&1
}
rm -f "$out/speed/runs.txt"
for file in "$song" "$hour"; do
  name=$(basename "$file" .wav)
  n="$runs"
  [ "$file" = "$hour" ] && n=2   # the hour is there for memory; two runs are enough
  for _ in $(seq "$n"); do
    measure "ours-cold:$name" "${jvm[@]}" org.audiomesh.analysis.cli.AnalyzeFiles --out "$out/speed/json" "$file"
    measure "aubio-beat:$name" aubio beat "$file"
  done
done
echo "ours, in the worker (warm JVM, C2), 3-minute song:"
taskset -c 1 java -XX:ActiveProcessorCount=1 -cp "$cp" org.audiomesh.analysis.cli.AnalyzeFiles \
  --out "$out/speed/json" --repeat 10 "$song"
python3 - "$out/speed/runs.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 5 and parts[0].count(":") == 1:
        rows.setdefault(parts[0], []).append([float(x) for x in parts[1:]])
print("\n| run | runs | wall median (s) | wall fastest (s) | CPU user+sys median (s) | peak RSS median (MB) |")
print("|---|---:|---:|---:|---:|---:|")
for label, rs in rows.items():
    wall = [r[0] for r in rs]
    cpu = [r[1] + r[2] for r in rs]
    rss = [r[3] / 1024 for r in rs]
    print(f"| {label} | {len(rs)} | {statistics.median(wall):.2f} | {min(wall):.2f} | {statistics.median(cpu):.2f} | {statistics.median(rss):.0f} |")
PY
