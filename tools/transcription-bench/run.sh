#!/usr/bin/env bash
# Benchmark of transcription-service's built-in engine (PocketSphinx + diarization + all outputs).
# Needs the Debian packages pocketsphinx, pocketsphinx-en-us, pocketsphinx-testdata, espeak-ng
# and GNU time (package "time"). Usage, from the repository root:
#   bash tools/transcription-bench/run.sh [OUT]        (default OUT: target/transcription-bench)
# Prints Markdown tables: WER per set, word-timing error, real-time factor, peak RSS; then a
# 60 s and a 300 s file for real-time factor and memory against length.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-target/transcription-bench}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

./mvnw -o -q -pl transcription-service -am package -DskipTests
./mvnw -o -q -pl transcription-service dependency:build-classpath -Dmdep.outputFile="$OUT/deps.cp" >/dev/null
CP="transcription-service/target/classes:common/target/classes:$(cat "$OUT/deps.cp")"
# compiled ahead, so that javac's memory is not counted in the JVM's peak RSS
javac -d "$OUT/classes" -cp "$CP" tools/transcription-bench/TranscriptionBench.java
BENCH=TranscriptionBench

# PocketSphinx's own peak RSS: a wrapper records it for every chunk it recognises
cat > "$OUT/pocketsphinx-timed" <<WRAP
#!/bin/sh
exec /usr/bin/time -f %M -a -o "$OUT/pocketsphinx-rss-kb.txt" pocketsphinx_continuous "\$@"
WRAP
chmod +x "$OUT/pocketsphinx-timed"
JAVA=(java -Xmx256m -XX:+UseSerialGC -Dpocketsphinx="$OUT/pocketsphinx-timed" -cp "$OUT/classes:$CP")
echo "machine: $(nproc) cores, $(uptime)"

"${JAVA[@]}" "$BENCH" make "$OUT"
rm -f "$OUT/pocketsphinx-rss-kb.txt"
"${JAVA[@]}" "$BENCH" run "$OUT" 2>"$OUT/run.log"
echo
echo "PocketSphinx peak RSS over all chunks: $(sort -n "$OUT/pocketsphinx-rss-kb.txt" | tail -1) kB"
for s in 60 300; do
  rm -f "$OUT/pocketsphinx-rss-kb.txt"
  /usr/bin/time -f "whole JVM process peak RSS %M kB, wall %e s, CPU %P" "${JAVA[@]}" "$BENCH" long "$OUT" $s
  echo "PocketSphinx peak RSS ($s s file): $(sort -n "$OUT/pocketsphinx-rss-kb.txt" | tail -1) kB"
done

echo; echo "== with Silero VAD choosing the speech (the service's default) =="
"${JAVA[@]}" -Dvad=true "$BENCH" run "$OUT" 2>"$OUT/run-vad.log"
/usr/bin/time -f "whole JVM process peak RSS %M kB, wall %e s, CPU %P" "${JAVA[@]}" -Dvad=true "$BENCH" long "$OUT" 60

# The Whisper ONNX path with the test suite's 16-dimension random-weight export: its words are
# noise, so only its speed means something (the decoding loop, KV cache round trips, DTW), not
# the speed of a real Whisper model.
WHISPER=transcription-service/src/test/resources/whisper/layout-a
echo; echo "== Whisper ONNX path, random-weight test export ($WHISPER), Silero VAD =="
/usr/bin/time -f "whole JVM process peak RSS %M kB, wall %e s, CPU %P" "${JAVA[@]}" -Dvad=true -Dwhisper="$WHISPER" "$BENCH" long "$OUT" 60
echo "load at the end: $(uptime)"
