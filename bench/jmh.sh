#!/usr/bin/env bash
# JMH micro-benchmarks of the pure hot-path code (bench/src/java/.../jmh), one command:
#
#   bench/jmh.sh [JMH options]      e.g.  bench/jmh.sh -prof gc      bench/jmh.sh sseParsing
#
# Builds with the Maven profile "bench" (JMH from Maven Central) and runs JMH's own runner; `mvn verify`
# never compiles or runs these. About 2 minutes for all four benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests -DskipITs test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/bench-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main \
    "$@"
