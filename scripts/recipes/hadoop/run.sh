#!/usr/bin/env bash
# The README's Hadoop Streaming recipe with the LocalJobRunner (no cluster, local files),
# compared with one `reassure audit`:
#   scripts/recipes/hadoop/run.sh [TRANSCRIPTS...]     (default: samples/)
# Needs mvn and a Maven repository serving org.apache.hadoop:hadoop-streaming and
# hadoop-client (hundreds of MB on the first run), Java 17. Exit 0 only when the merged
# totals equal the single run's.
source "$(dirname "$0")/../lib.sh"
here=$recipes/hadoop
make_input "$@"
mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
mkdir "$work/in"
mv "$work/sessions.jsonl" "$work/in/sessions.jsonl"
ln -s "$work/in/sessions.jsonl" "$work/sessions.jsonl"
# An empty file is an empty split: its mapper must still exit 0.
: > "$work/in/empty.jsonl"
# Four splits of the sessions (a split ends at a line end, so no session is cut).
split_size=$(( ($(wc -c < "$work/in/sessions.jsonl") + 3) / 4 ))
start=$SECONDS
java -cp "$(cat "$work/classpath.txt")" org.apache.hadoop.streaming.HadoopStreaming \
  -D mapreduce.framework.name=local -D fs.defaultFS=file:/// \
  -D mapreduce.job.reduces=1 \
  -D mapreduce.input.fileinputformat.split.maxsize="$split_size" \
  -input "$work/in" -output "$work/out" \
  -mapper "$bin audit - --format jsonl --fail-on never --jobs 1" \
  -reducer "$bin merge - --format json --fail-on never" 2> "$work/hadoop.log" \
  || { tail -n 30 "$work/hadoop.log"; exit 1; }
echo "hadoop job: $((SECONDS - start)) s; $(grep -o 'number of splits:[0-9]*' "$work/hadoop.log" | head -n 1)"
# The fail level, applied after the job: a reducer exiting 1 on pitfalls would fail it.
gate=0
node "$bin" merge "$work/out/part-00000" --format table > /dev/null || gate=$?
echo "merge of the job's report (the gate): exit $gate"
compare_with_single_run "$work/out/part-00000"
