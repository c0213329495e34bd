#!/usr/bin/env bash
# Benchmarks, run on purpose (never by ./test.sh). Numbers go to the README.
#   ./bench.sh ingest    SQS notifications -> committed arrivals on PostgreSQL (throughput, p50/p99)
#   ./bench.sh ingest-queue  the same through a real SQS-protocol queue (ElasticMQ, its own process)
#   ./bench.sh soak      10,000 files, two replicas, faults flipped at random for 5 min (FILES, MINUTES, SEED)
#   ./bench.sh convert   whole-process cold runs of ./sluice convert vs DuckDB on a generated 3M-row
#                        CSV (benchmarks/cold.sh), then glue-split (below), then processor-core vs
#                        DuckDB in one warm JVM on a ~120 MB CSV (benchmarks/run.sh); --cold-only
#                        stops after the first
#   ./bench.sh rightsize 1,000 small CSVs in one run: one Parquet per file vs right-sized output
#                        (file counts, conversion time), and rewriting staged Parquet vs converting again
#   ./bench.sh glue-split  one large CSV (GB, default 2) through the Glue job's batch engine as range
#                        tasks on Spark local[1] and local[2], a fresh JVM each, interleaved (RUNS);
#                        then both outputs checked against processor-core's one-thread file
#   ./bench.sh iceberg   the catalog phase of runs committed to an Iceberg table (JDBC catalog on H2)
#                        beside the Hive-style file catalog, and file counts around maintenance (RUNS)
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/moto_server ] || { echo "bench.sh: run ./test.sh once first (it creates .venv)" >&2; exit 2; }

case "${1:-}" in
  iceberg)
    ./mvnw -B ${MVN_OFFLINE:+-o} -pl batch-core -am -Dspotless.check.skip=true -Dtest=IcebergCommitBenchmark \
      -Dbench.iceberg.runs="${RUNS:-60}" -Dsurefire.failIfNoSpecifiedTests=false test | grep -E 'BENCHMARK|ERROR|FAIL'
    ;;
  glue-split)
    ./mvnw -B -q ${MVN_OFFLINE:+-o} -pl glue-job -am -Pglue-bench -DskipTests package \
      -Dbench.main=dev.sluice.gluejob.bench.GlueSplitBench \
      -Dbench.args="--gb ${GB:-2} --runs ${RUNS:-3} --range-mb ${RANGE_MB:-128}"
    ;;
  ingest)
    # IngestBenchmark matches none of Surefire's default patterns, so only this names it.
    ./mvnw -B -pl control-plane -am -Dspotless.check.skip=true -Dtest=IngestBenchmark \
      -Dsurefire.failIfNoSpecifiedTests=false -DskipITs test | grep -E 'BENCHMARK|ERROR|FAIL'
    ;;
  ingest-queue)
    # ElasticMQ's classpath is resolved by its own pom, off the control plane's classpath.
    cp_file="$PWD/benchmarks/elasticmq/target/classpath.txt"
    if [ -n "${CONCURRENCY:-}" ]; then export SLUICE_LISTENER_CONCURRENCY="$CONCURRENCY"; fi
    ./mvnw -B -q -f benchmarks/elasticmq/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp_file"
    ./mvnw -B ${MVN_OFFLINE:+-o} -pl control-plane -am -Dspotless.check.skip=true -Dtest=IngestQueueBenchmark \
      -Dbench.elasticmq.classpath="$cp_file" \
      -Dsurefire.failIfNoSpecifiedTests=false -DskipITs test | grep -E 'BENCHMARK|ERROR|FAIL'
    ;;
  soak)
    # Needs Toxiproxy (./test.sh installs it); FaultSoakBenchmark is skipped with the reason without it.
    ./mvnw -B ${MVN_OFFLINE:+-o} -pl control-plane -am -Dspotless.check.skip=true -Dtest=FaultSoakBenchmark \
      -Dbench.soak.files="${FILES:-10000}" -Dbench.soak.minutes="${MINUTES:-5}" -Dbench.soak.seed="${SEED:-19}" \
      -Dsurefire.failIfNoSpecifiedTests=false -DskipITs test | grep -E '^SOAK|^\[ERROR\]|FAIL|Tests run|Toxiproxy'
    ;;
  rightsize)
    # RightSizeBenchmark matches none of Surefire's default patterns, so only this names it.
    ./mvnw -B ${MVN_OFFLINE:+-o} -q -pl batch-core -am -Dspotless.check.skip=true -Dtest=RightSizeBenchmark \
      -Dsurefire.failIfNoSpecifiedTests=false -DskipITs test | grep -E 'BENCHMARK|ERROR|FAIL'
    ;;
  convert)
    benchmarks/cold.sh
    [ "${2:-}" = "--cold-only" ] && exit 0
    "$0" glue-split
    exec benchmarks/run.sh "${@:2}"
    ;;
  *)
    echo "usage: ./bench.sh ingest|ingest-queue|soak|convert|rightsize|glue-split|iceberg" >&2
    exit 2
    ;;
esac
