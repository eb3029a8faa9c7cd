#!/usr/bin/env bash
# Search transfer benchmark: what a first query costs in Chromium on a large generated canon.
# Usage: bench/search.sh [PROFILES]     (default: 100000)
# Environment: WORK (scratch folder, default /tmp/jobframe-bench-search).
# Builds the generated canon with the release binary (the build prints its worst-case figure for
# a first result), then runs the ignored browser test
# `search::a_first_query_at_100000_profiles_costs_under_100_kb`, which serves that site, types
# a few queries into its search page and sums, from Resource Timing, every file the page
# loaded at its gzip size. It needs Chromium and chromedriver, as the browser tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
profiles=${1:-100000}
work=${WORK:-/tmp/jobframe-bench-search}
mkdir -p "$work"
cargo build --release --locked --quiet --bin jobframe --example gen_canon
rm -rf "$work/canon" "$work/site"
target/release/examples/gen_canon --profiles "$profiles" --seed 1 --out "$work/canon"
target/release/jobframe build --canon "$work/canon" --out "$work/site"
JOBFRAME_BENCH_SITE="$work/site" JOBFRAME_REQUIRE_BROWSER=1 cargo test --locked \
  --test browser -- --ignored --exact search::a_first_query_at_100000_profiles_costs_under_100_kb \
  --nocapture 2>&1 | grep -E '^first query|test result|panicked|failed'
