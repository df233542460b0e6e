#!/usr/bin/env bash
# Gateway throughput, mesh overhead and idle RSS of a local mesh, in one run.
#   bash bench/mesh.sh            (needs wrk: apt-get install wrk)
# Starts its own stack (state in target/bench-stack, gateway on :28080), measures, stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export AUDIOMESH_HOME="$ROOT/target/bench-stack" AUDIOMESH_PORT=28080 AUDIOMESH_KAFKA_PORT=39092 \
       AUDIOMESH_REDIS_PORT=36379 AUDIOMESH_SUBMITS_PER_MINUTE=0
GW="http://127.0.0.1:$AUDIOMESH_PORT"
CP="local-stack/target/audiomesh-local-stack-0.1.0-SNAPSHOT.jar:$(cat local-stack/target/classpath.txt)"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
./audiomesh down >/dev/null
rm -rf "$AUDIOMESH_HOME"
trap './audiomesh down >/dev/null' EXIT
./audiomesh up --no-example --no-build >/dev/null
sleep 5

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== idle RSS after start-up (MiB)"
for s in kafka redis gateway analysis separation transcription enhancement; do
  pid=$(cat "$AUDIOMESH_HOME/pids/$s.pid")
  rss=$(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 ))
  if [ $s = redis ] && [ -f "$AUDIOMESH_HOME/redis/redis-server.pid" ]; then
    rss="$rss (+ redis-server $(( $(awk '/VmRSS/{print $2}' /proc/$(cat "$AUDIOMESH_HOME/redis/redis-server.pid")/status) / 1024 )))"
  fi
  echo "$s $rss"
done

WAV="$AUDIOMESH_HOME/clip.wav"
java -cp "$CP" org.audiomesh.localstack.MeshBench --write-clip "$WAV"
ID=$(curl -fsS -F "file=@$WAV" -F pipeline=analysis "$GW/api/v1/jobs" | sed 's/.*"id":"\([^"]*\)".*/\1/')
sleep 2

echo "== mesh overhead: 50 sequential 1 s jobs, analysis pipeline"
java -cp "$CP" org.audiomesh.localstack.MeshBench --gateway "$GW" --jobs 50
sleep 2

echo "== status reads: wrk -t2 -c32 -d20s $GW/api/v1/jobs/{id} (after a 5 s warm-up)"
wrk -t2 -c32 -d5s "$GW/api/v1/jobs/$ID" >/dev/null
wrk -t2 -c32 -d20s --latency "$GW/api/v1/jobs/$ID" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"

echo "== submits: wrk -t2 -c8 -d20s -s bench/submit.lua (1 s WAV, separation pipeline)"
wrk -t2 -c8 -d5s -s bench/submit.lua "$GW" -- "$WAV" separation >/dev/null
T0=$(date +%s.%N)
BEFORE=$(curl -fsS "$GW/api/v1/jobs?size=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
wrk -t2 -c8 -d20s --latency -s bench/submit.lua "$GW" -- "$WAV" separation | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"
LAST=$(curl -fsS "$GW/api/v1/jobs?size=1" | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')
TOTAL=$(curl -fsS "$GW/api/v1/jobs?size=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
until curl -fsS "$GW/api/v1/jobs/$LAST" | grep -Eq '"status":"(COMPLETED|PARTIAL|FAILED)"'; do sleep 0.2; done
T1=$(date +%s.%N)
echo "end to end: $((TOTAL - BEFORE)) single-stage separation jobs submitted and finished in $(echo "$T1 - $T0" | bc) s = $(echo "($TOTAL - $BEFORE) / ($T1 - $T0)" | bc) jobs/s"
sleep 5

echo "== RSS after the load (MiB)"
for s in gateway analysis separation; do
  echo "$s $(( $(awk '/VmRSS/{print $2}' /proc/$(cat "$AUDIOMESH_HOME/pids/$s.pid")/status) / 1024 ))"
done
