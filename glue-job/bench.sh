#!/usr/bin/env bash
# The Glue path's benchmark, run on purpose (never part of the test suite): processor-core on one
# and two threads against the job on Spark local[2], on the benchmarks module's CSV.
# usage: glue-job/bench.sh [--rows N] [--runs N] [--dir DIR] [--glue-start-seconds S] [--workers N]
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl glue-job -am -Pglue-bench -DskipTests package -Dbench.args="$*"
