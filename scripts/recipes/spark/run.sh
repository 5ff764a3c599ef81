#!/usr/bin/env bash
# The README's Spark recipe in local[2] mode, compared with one `reassure audit`:
#   scripts/recipes/spark/run.sh [TRANSCRIPTS...]     (default: samples/)
# Needs mvn and a Maven repository serving org.apache.spark:spark-core_2.12 (hundreds of MB
# on the first run), Java 17. Exit 0 only when the merged totals equal the single run's.
source "$(dirname "$0")/../lib.sh"
here=$recipes/spark
make_input "$@"
mvn -q -B -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
# What spark-submit adds on Java 17; a plain `java` needs them too.
opens=()
for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$package=ALL-UNNAMED")
done
start=$SECONDS
# The command is split at spaces: $bin must hold none. Its shebang needs node on the executor's PATH.
java "${opens[@]}" \
  -cp "$here/target/classes:$(cat "$work/classpath.txt")" reassure.PipeAudit \
  "$work/sessions.jsonl" "$work/out" 3 "$bin audit - --format jsonl --fail-on never --jobs 1" 2> "$work/spark.log" \
  || { tail -n 30 "$work/spark.log"; exit 1; }
echo "spark job: $((SECONDS - start)) s; part files: $(ls "$work/out" | grep -c '^part-')"
code=0
cat "$work/out"/part-* | node "$bin" merge - --format json > "$work/merged.json" || code=$?
echo "merge of the part files: exit $code"
compare_with_single_run "$work/merged.json"
