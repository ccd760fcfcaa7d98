#!/usr/bin/env bash
# Store benchmark: ingest throughput into SQLite (and PostgreSQL when VIGIE_BENCH_POSTGRES is a
# URL of an empty database), query latency p50/p99 and size per 1,000 articles.
#   bash scripts/bench_store.sh            # 10,000 articles
#   N=2000 bash scripts/bench_store.sh
#   VIGIE_BENCH_POSTGRES=postgres://vigie:vigie@127.0.0.1/vigie_bench bash scripts/bench_store.sh
# Extraction is the full default pipeline (`--annotated` runs it, then keeps the corpus's own
# mentions, entities, quotes and events). For PostgreSQL the storage share adds the server's
# CPU (every process of the `postgres` user) to the writer thread's.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
mkdir -p bench-out
# VIGIE=/path/to/vigie runs another build (e.g. the code before a change) on the same corpus.
if [ -z "${VIGIE:-}" ]; then
  cargo build --release -q -p vigie-cli
  VIGIE=target/release/vigie
fi
python3 scripts/make_store_corpus.py "$N" bench-out/store-corpus.jsonl

echo "== SQLite: ingest $N articles (2 runs, fresh store each)"
for run in 1 2; do
  rm -f bench-out/bench.db bench-out/bench.db-wal bench-out/bench.db-shm
  $VIGIE ingest --no-progress --db bench-out/bench.db --annotated bench-out/store-corpus.jsonl
done
echo "== SQLite: re-ingest (all already stored)"
$VIGIE ingest --no-progress --db bench-out/bench.db --annotated bench-out/store-corpus.jsonl
echo "== SQLite: queries"
$VIGIE bench-store --db bench-out/bench.db

# CPU seconds (user + system, with reaped children) of every process of the `postgres` user:
# the server's share of an ingest, which the client's own figure does not see. Other clients
# of the same cluster during the run count too.
pg_cpu() {
  python3 - <<'PY'
import os, pwd
try:
    uid = pwd.getpwnam("postgres").pw_uid
except KeyError:
    uid = None
total = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        if os.stat(f"/proc/{pid}").st_uid != uid:
            continue
        rest = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += sum(int(x) for x in rest[11:15])
    except (OSError, IndexError, ValueError):
        pass
print(total / os.sysconf("SC_CLK_TCK"))
PY
}

if [ -n "${VIGIE_BENCH_POSTGRES:-}" ]; then
  echo "== PostgreSQL: ingest $N articles"
  before=$(pg_cpu)
  $VIGIE ingest --no-progress --db "$VIGIE_BENCH_POSTGRES" --annotated bench-out/store-corpus.jsonl \
    2>&1 | tee bench-out/pg-ingest.txt
  after=$(pg_cpu)
  python3 - "$before" "$after" bench-out/pg-ingest.txt <<'PY'
import re, sys
server = float(sys.argv[2]) - float(sys.argv[1])
m = re.search(r"storage ([0-9.]+) s CPU of ([0-9.]+) s", open(sys.argv[3]).read())
if m:
    writer, process = float(m.group(1)), float(m.group(2))
    print(f"PostgreSQL server CPU during the ingest: {server:.2f} s; storage (writer thread "
          f"{writer:.2f} s + server) = {100 * (writer + server) / (process + server):.0f} % "
          f"of the CPU time ({process + server:.2f} s)")
PY
  echo "== PostgreSQL: queries"
  $VIGIE bench-store --db "$VIGIE_BENCH_POSTGRES"
fi
