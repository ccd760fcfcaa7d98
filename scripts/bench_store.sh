#!/usr/bin/env bash
# Store benchmark: ingest throughput into SQLite (and PostgreSQL when VIGIE_BENCH_POSTGRES is a
# URL of an empty database), query latency p50/p99 and size per 1,000 articles.
#   bash scripts/bench_store.sh            # 10,000 articles
#   N=2000 bash scripts/bench_store.sh
#   VIGIE_BENCH_POSTGRES=postgres://vigie:vigie@127.0.0.1/vigie_bench bash scripts/bench_store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
mkdir -p bench-out
cargo build --release -q -p vigie-cli
VIGIE=target/release/vigie
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

if [ -n "${VIGIE_BENCH_POSTGRES:-}" ]; then
  echo "== PostgreSQL: ingest $N articles"
  $VIGIE ingest --no-progress --db "$VIGIE_BENCH_POSTGRES" --annotated bench-out/store-corpus.jsonl
  echo "== PostgreSQL: queries"
  $VIGIE bench-store --db "$VIGIE_BENCH_POSTGRES"
fi
