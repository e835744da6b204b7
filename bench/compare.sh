#!/usr/bin/env bash
# Compares the CPU per request of two gateways on this machine, one command:
#
#   bench/compare.sh [--a DIR] [--b DIR] [--a-options "..."] [--b-options "..."] [--pairs N] [--warm-rounds N]
#
# DIR is a checkout whose WAR is built (target/gemini-gateway.war and .jsa, e.g. a `git worktree` of another
# commit after `mvn -DskipTests package`); both default to this one, so e.g.
#   bench/compare.sh --b-options "-XX:Tier4InvocationThreshold=5000"
# compares our JVM options with one changed. Both gateways run on core 0 (each warmed up in turn, about 3 minutes
# each), then 8 s closed-loop windows alternate between them; prints the mean ratio B/A of neighbouring windows.
# About 10 minutes with the defaults (8 pairs, 14 warm-up rounds). Not a test: no build or CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(nproc)" -lt 2 ]; then
  echo "The comparison needs two cores: the gateways get core 0, the fake and the load get core 1." >&2
  exit 1
fi
command -v wrk >/dev/null 2>&1 || { echo "wrk is missing: bench/run.sh installs it (apt-get install wrk)." >&2; exit 1; }
if [ ! -f target/bench.classpath ] || [ ! -d target/bench-classes ]; then
  mvn -B -q -Pbench -DskipTests -DskipITs package dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi

exec taskset -c 1 java -Xmx1g -XX:+UseSerialGC \
    -cp "target/bench-classes:target/classes:$(cat target/bench.classpath)" \
    com.geminigateway.bench.Compare "$@"
