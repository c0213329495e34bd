#!/usr/bin/env bash
# Runs the conversion benchmark on purpose (never part of the test suite).
# usage: benchmarks/run.sh [--rows N] [--runs N] [--dir DIR] [--no-memory-check] [--one-thread]
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -Pbench -DskipTests package -Dbench.args="$*"
