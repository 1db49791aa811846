#!/usr/bin/env bash
# Maestro vs Java Operator SDK, side by side on the embedded API server.
#
#   benchmarks/run.sh [N] [RUNS] [runner options...]   build, then run both operators in both scenarios, RUNS runs
#                                                       each (default N=1000, RUNS=3), alternating; writes
#                                                       benchmarks/target/results.json and prints the table
#   benchmarks/run.sh jmh [JMH options...]              build, then run the JMH microbenchmarks
#
# Runner options: --idle-seconds S, --frameworks maestro,josdk, --scenarios backlog,live, --jfr (profiles of the
# operators next to their logs in benchmarks/target/logs), --cds (every operator with class data sharing from an
# archive its own training run writes first). The same run through Maven alone:
#   ./mvnw -B -pl benchmarks/runner -am verify -DskipTests -Pbenchmark -Dn=1000 -Druns=3
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "jmh" ]]; then
  shift
  ./mvnw -q -B -ntp -pl benchmarks/jmh -am verify -DskipTests
  exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/runtime-classpath.txt)" \
    org.openjdk.jmh.Main "$@"
fi

n="${1:-1000}"
runs="${2:-3}"
shift $(( $# >= 2 ? 2 : $# ))
./mvnw -q -B -ntp -pl benchmarks/runner -am verify -DskipTests
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "benchmarks/runner/target/classes:$(cat benchmarks/runner/target/runtime-classpath.txt)" \
  dev.maestro.benchmarks.runner.BenchmarkRunner --benchmarks-dir benchmarks --output benchmarks/target \
  --n "$n" --runs "$runs" "$@"
