#!/usr/bin/env bash
# Whole-process cold runs, as a user times them: `./sluice convert` with 1 and N threads against
# DuckDB's COPY in a fresh Python process with threads=1 and threads=N, interleaved, on a
# generated mixed CSV; then the outputs of 1 and N threads compared with DuckDB.
# usage: benchmarks/cold.sh [--rows N] [--runs N] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=3000000 runs=3 threads=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "cold.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$threads" -ge 2 ] || threads=2
data=benchmarks/target/bench-data
venv=benchmarks/target/duckdb-venv
mkdir -p "$data"
# DuckDB's own engine with the least start-up of its clients here (the same version as the JDBC
# driver the tests and the in-process benchmark use).
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check duckdb==1.4.4
fi
[ -f processor-core/target/sluice-convert.jar ] || ./mvnw -B -q -pl processor-core -am -DskipTests -Dspotless.check.skip=true install
csv="$data/mixed-$rows.csv"
if [ ! -f "$csv" ]; then
  ./mvnw -B -q -pl benchmarks -Dspotless.check.skip=true compile
  java -cp benchmarks/target/classes dev.sluice.benchmarks.MixedCsv "$csv" "$rows"
fi
size=$(stat -c %s "$csv")
# the first run after a build records the class-data archive: not a measured one
./sluice convert "$csv" "$data/cold-warmup.parquet" >/dev/null

cat > "$data/duckdb_copy.py" <<'PY'
import sys, duckdb
con = duckdb.connect()
con.execute(f"SET threads={int(sys.argv[3])}")
con.execute(f"COPY (FROM read_csv('{sys.argv[1]}')) TO '{sys.argv[2]}' (FORMAT parquet)")
PY

declare -A walls cpus
run() { # name command...
  local name=$1; shift
  local t
  /usr/bin/time -o "$data/time.txt" -f '%e %U %S' "$@" >/dev/null 2>&1
  t=$(tail -1 "$data/time.txt")
  walls[$name]="${walls[$name]:-} $(echo "$t" | awk '{print $1}')"
  cpus[$name]="${cpus[$name]:-} $(echo "$t" | awk '{print $2 + $3}')"
}
names=("sluice-1" "duckdb-1" "sluice-$threads" "duckdb-$threads")
echo "cold whole-process runs: $csv, $(awk -v s="$size" 'BEGIN{printf "%.1f MB", s/1e6}'), $rows rows, $runs runs each, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
  run "sluice-1" ./sluice convert "$csv" "$data/cold-1.parquet"
  run "duckdb-1" "$venv/bin/python" "$data/duckdb_copy.py" "$csv" "$data/cold-duckdb-1.parquet" 1
  run "sluice-$threads" ./sluice convert "$csv" "$data/cold-n.parquet" --threads "$threads"
  run "duckdb-$threads" "$venv/bin/python" "$data/duckdb_copy.py" "$csv" "$data/cold-duckdb-n.parquet" "$threads"
done
stats() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {printf "%s %s", a[1], a[int((NR+1)/2)]}'; }
declare -A best median
printf '%-12s %10s %10s %10s %12s %12s\n' contender "best wall" "MB/s" "median" "least CPU" "median CPU"
for n in "${names[@]}"; do
  read -r b m <<<"$(echo "${walls[$n]}" | stats)"
  read -r cb cm <<<"$(echo "${cpus[$n]}" | stats)"
  best[$n]=$b median[$n]=$m
  printf '%-12s %9.2fs %10.1f %9.2fs %11.2fs %11.2fs\n' "$n" "$b" "$(echo "$size / $b / 1000000" | bc -l)" "$m" "$cb" "$cm"
done
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
echo "sluice/DuckDB by best wall: 1 thread $(ratio "${best[duckdb-1]}" "${best[sluice-1]}")x," \
  "$threads threads $(ratio "${best[duckdb-$threads]}" "${best[sluice-$threads]}")x;" \
  "by median wall: $(ratio "${median[duckdb-1]}" "${median[sluice-1]}")x, $(ratio "${median[duckdb-$threads]}" "${median[sluice-$threads]}")x;" \
  "sluice $threads threads / 1 thread: $(ratio "${best[sluice-1]}" "${best[sluice-$threads]}")x"
"$venv/bin/python" - "$data/cold-1.parquet" "$data/cold-n.parquet" <<'PY'
import sys, duckdb
a, b = sys.argv[1], sys.argv[2]
con = duckdb.connect()
cols = "* EXCLUDE (processed_at)"
diff = [con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM '{x}' EXCEPT ALL SELECT {cols} FROM '{y}')").fetchone()[0]
        for x, y in ((a, b), (b, a))]
same_schema = con.execute(f"DESCRIBE FROM '{a}'").fetchall() == con.execute(f"DESCRIBE FROM '{b}'").fetchall()
groups = [con.execute(f"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{f}')").fetchone()[0] for f in (a, b)]
print(f"1 thread vs N threads: EXCEPT ALL both ways {diff[0]} and {diff[1]} rows, same schema: {same_schema}, row groups {groups[0]} and {groups[1]}")
PY
