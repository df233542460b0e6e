#!/usr/bin/env bash
# The enhancement benchmark behind bench/enhancement.md, end to end:
#   1. builds enhancement-service and its class path,
#   2. makes the test set (make_testset.py: 12 clean clips x 6 noises x 4 SNRs + the clean clips),
#   3. runs the built-in engine (EnhanceFiles; at its defaults as "ours", and as the speech pipeline
#      runs it as "speech"), the DeepFilterNet3 engine with the weights that ship with the service
#      (enhancement-service/models/audiomesh-dfn3, trained by train_dfn3.py; as "dfn3" and
#      "dfn3-speech"; DFN_MODEL=DIR runs other weights), the hybrid engine (both mixed; as "hybrid" and
#      "hybrid-speech") and the peers (run_peers.sh: ffmpeg afftdn,
#      sox noisered),
#   4. scores them (evaluate.py: SI-SDR, segmental SNR, STOI) and tabulates the noise-type estimates,
#   5. measures speed at 16 kHz on one core, and peak RSS on a 1-hour 48 kHz stereo file.
# Needs: JDK 17, /usr/bin/python3 with numpy, ffmpeg, sox, espeak-ng, pocketsphinx-testdata
#   (apt-get install -y python3-numpy ffmpeg sox espeak-ng pocketsphinx-testdata), GNU time, taskset.
# Usage: tools/enhancement-bench/run_bench.sh [WORK_DIR]   (default /tmp/audiomesh-enhancement-bench;
#   about 4 minutes on 2 cores and 1.5 GB of disk; generated audio stays in WORK_DIR, never in git)
#   REUSE=1 keeps an existing WORK_DIR/set and its peer outputs (the set is deterministic) and
#   reruns only the build, our engine, the scores, speed and RSS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/audiomesh-enhancement-bench}"
py=/usr/bin/python3
for tool in java ffmpeg sox espeak-ng taskset /usr/bin/time "$py"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done
[ -d /usr/share/pocketsphinx/test/data ] || { echo "missing pocketsphinx-testdata" >&2; exit 1; }
mkdir -p "$work"

echo "== build"
# compile and class path in one reactor run, so that audiomesh-common comes from common/target/classes
(cd "$root" && ./mvnw -q -pl enhancement-service -am compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime)
cp="$root/enhancement-service/target/classes:$(cat "$work/cp.txt")"

reuse=0
if [ "${REUSE:-0}" = 1 ] && [ -f "$work/set/manifest.tsv" ] && [ -d "$work/set/out/noisered-05" ]; then reuse=1; fi
echo "== test set"
if [ "$reuse" = 1 ]; then
  echo "reusing $work/set and its peer outputs (REUSE=1)"
else
  rm -rf "$work/set"
  "$py" "$here/make_testset.py" "$work/set"
fi

echo "== built-in engine (mmse-lsa)"
set_dir="$work/set"
tail -n +2 "$set_dir/manifest.tsv" | cut -f1 | while read -r clip; do
  mkdir -p "$set_dir/out/ours/$(dirname "$clip")"; echo "$set_dir/$clip $set_dir/out/ours/$clip"
done > "$work/pairs.txt"
java -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles --pairs "$work/pairs.txt" > "$work/ours.jsonl"

echo "== built-in engine as the speech pipeline runs it (attenuation_db=12, burst_removal=off)"
sed "s|/out/ours/|/out/speech/|" "$work/pairs.txt" > "$work/pairs-speech.txt"
cut -d' ' -f2 "$work/pairs-speech.txt" | xargs -n1 dirname | sort -u | xargs mkdir -p
java -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles --attenuation-db 12 --no-bursts \
  --pairs "$work/pairs-speech.txt" > "$work/speech.jsonl"

dfn_model="${DFN_MODEL:-$root/enhancement-service/models/audiomesh-dfn3}"
echo "== DeepFilterNet3 engine, weights $dfn_model (defaults; and attenuation_db=12 as the speech pipeline)"
echo "   and the hybrid engine (built-in + DeepFilterNet3 mixed, network share 0.35; the speech pipeline's settings as hybrid-speech)"
for variant in dfn3:25 dfn3-speech:12 hybrid:25 hybrid-speech:12; do
  name="${variant%%:*}"
  extra=()
  case "$name" in
    hybrid) extra=(--blend 0.35) ;;
    hybrid-speech) extra=(--blend 0.35 --no-bursts) ;;
  esac
  sed "s|/out/ours/|/out/$name/|" "$work/pairs.txt" > "$work/pairs-$name.txt"
  cut -d' ' -f2 "$work/pairs-$name.txt" | xargs -n1 dirname | sort -u | xargs mkdir -p
  java -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles --deepfilternet "$dfn_model" --threads 1 \
    --attenuation-db "${variant#*:}" "${extra[@]}" --pairs "$work/pairs-$name.txt" > "$work/$name.jsonl"
done

echo "== peers"
[ "$reuse" = 1 ] || "$here/run_peers.sh" "$set_dir"

echo "== scores"
"$py" "$here/evaluate.py" "$set_dir" ours speech dfn3 dfn3-speech hybrid hybrid-speech afftdn afftdn-nf noisered noisered-05 | tee "$work/quality.md"
echo
echo "### Estimated noise type (rows: noise added; columns: noise_type reported)"
"$py" "$here/noise_types.py" "$work/ours.jsonl" | tee "$work/noise-types.md"

echo "== speed: 16 kHz mono, one core"
# (no "ls | head": under pipefail, head closing the pipe early would end the script)
ls "$set_dir"/noisy/*.wav > "$work/noisy.txt"
sed -n 1,120p "$work/noisy.txt" > "$work/long.txt"
sox $(cat "$work/long.txt") "$work/long16k.wav"
taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles \
  "$work/long16k.wav" "$work/long16k-out.wav" "$work/long16k.wav" "$work/long16k-out.wav" | tee "$work/speed.jsonl"
echo "DeepFilterNet3 engine ($dfn_model), one core:"
taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles \
  --deepfilternet "$dfn_model" --threads 1 \
  "$work/long16k.wav" "$work/long16k-out.wav" "$work/long16k.wav" "$work/long16k-out.wav" | tee "$work/speed-dfn3.jsonl"
echo "hybrid engine, one core:"
taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles \
  --deepfilternet "$dfn_model" --threads 1 --blend 0.35 \
  "$work/long16k.wav" "$work/long16k-out.wav" "$work/long16k.wav" "$work/long16k-out.wav" | tee "$work/speed-hybrid.jsonl"

echo "== peak RSS: 1 hour, 48 kHz stereo"
ffmpeg -nostdin -v error -y -stream_loop -1 -i "$work/long16k.wav" -t 3600 -ar 48000 -ac 2 -c:a pcm_s16le "$work/hour48k.wav"
for heap in "-Xmx256m" ""; do
  /usr/bin/time -v java $heap -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles \
    "$work/hour48k.wav" "$work/hour48k-out.wav" 2> "$work/time.txt" | tee -a "$work/rss.jsonl"
  echo "heap option '${heap:-default}': $(grep 'Maximum resident' "$work/time.txt")" | tee -a "$work/rss.txt"
done
/usr/bin/time -v java -Xmx256m -cp "$cp" org.audiomesh.enhancement.tool.EnhanceFiles --deepfilternet "$dfn_model" \
  --threads 1 --blend 0.35 "$work/hour48k.wav" "$work/hour48k-out.wav" 2> "$work/time.txt" | tee -a "$work/rss.jsonl"
echo "hybrid engine, heap option -Xmx256m: $(grep 'Maximum resident' "$work/time.txt")" | tee -a "$work/rss.txt"
rm -f "$work/hour48k.wav" "$work/hour48k-out.wav"
