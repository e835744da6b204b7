#!/usr/bin/env bash
# The gateway benchmark (issue #8), one command from a fresh clone:
#
#   bench/run.sh [--runs N] [--quick] [--profile DIR] [--java-options "..."] [--no-build]
#
# Builds the WAR and the bench tools (Maven profile "bench"), installs wrk from Debian if it is missing,
# then runs com.geminigateway.bench.Bench: a fast fake Gemini and the load generators on core 1, the
# gateway (java -jar target/gemini-gateway.war) on core 0, everything on 127.0.0.1 only, every load
# bounded in time. Prints one table; see README.md, "Performance". It takes about 9 minutes per run
# (--quick: about 4 minutes per run). Not a test: no build or CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ "$(nproc)" -lt 2 ]; then
  echo "The benchmark needs two cores: the gateway gets core 0, the fake and the load get core 1." >&2
  exit 1
fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -q wrk >/dev/null 2>&1 || { $sudo_cmd apt-get update -q && $sudo_cmd apt-get install -y -q wrk; }
fi

if [ "$build" = 1 ] || [ ! -f target/gemini-gateway.war ] || [ ! -f target/bench.classpath ]; then
  echo "Building the WAR and the bench tools..."
  mvn -B -q -Pbench -DskipTests -DskipITs package dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi

exec taskset -c 1 java -Xmx1g -XX:+UseSerialGC \
    -cp "target/bench-classes:target/classes:$(cat target/bench.classpath)" \
    com.geminigateway.bench.Bench ${args[@]+"${args[@]}"}
