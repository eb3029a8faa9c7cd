#!/usr/bin/env bash
# Side-by-side build benchmark: jobframe vs Hugo on the same pages vs the `cp -a` floor.
# Usage: bench/compare.sh [PROFILES ...]     (default: 2000 20000)
# Environment: RUNS (timed runs per command, default 3), WORK (scratch folder, default
# /tmp/jobframe-bench), HUGO_MAX_PROFILES (skip Hugo above this size, default 50000: Hugo
# needs about 1 GB of memory per 5,000 pages here).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-3}
work=${WORK:-/tmp/jobframe-bench}
hugo_max=${HUGO_MAX_PROFILES:-50000}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000)

need() {
  local missing=()
  for tool in hugo hyperfine /usr/bin/time python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages hugo, hyperfine, time)" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq hugo hyperfine time python3 >/dev/null
  fi
}
need
cargo build --release --locked --quiet --bin jobframe --example gen_canon
jobframe="$repo/target/release/jobframe"
mkdir -p "$work"

# mean seconds of one hyperfine command from its JSON export
mean() { python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$1"; }
peak_mb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(hugo version | cut -d' ' -f1-2); $("$jobframe" --version)"
printf '%-9s %10s %10s %10s %10s %9s %9s %10s %10s\n' profiles check_s jobframe_s hugo_s cp_a_s jf/hugo jf/cp jf_peak_MB hugo_MB
for size in "${sizes[@]}"; do
  canon="$work/canon-$size"
  [ -d "$canon" ] || ./target/release/examples/gen_canon --profiles "$size" --seed 1 --out "$canon" 2>/dev/null
  ref="$work/ref-$size"
  rm -rf "$ref"; "$jobframe" build --canon "$canon" --out "$ref" 2>/dev/null
  out="$work/out"
  hyperfine --style none --runs "$runs" --warmup 1 --export-json "$work/check.json" \
    "$jobframe check --canon $canon" >/dev/null
  hyperfine --style none --runs "$runs" --prepare "rm -rf $out; sync" --export-json "$work/jf.json" \
    "$jobframe build --canon $canon --out $out" >/dev/null
  hyperfine --style none --runs "$runs" --prepare "rm -rf $out; sync" --export-json "$work/cp.json" \
    "cp -a $ref $out" >/dev/null
  jf_peak=$(rm -rf "$out"; peak_mb "$jobframe" build --canon "$canon" --out "$out")
  if [ "$size" -le "$hugo_max" ]; then
    hugo_src="$work/hugo-$size"
    [ -d "$hugo_src" ] || python3 bench/hugo_site.py "$ref" "$hugo_src" 2>/dev/null
    hyperfine --style none --runs "$runs" --prepare "rm -rf $out; sync" --export-json "$work/hugo.json" \
      "hugo --quiet --source $hugo_src --destination $out" >/dev/null
    hugo_s=$(mean "$work/hugo.json")
    hugo_peak=$(rm -rf "$out"; peak_mb hugo --quiet --source "$hugo_src" --destination "$out")
    ratio_hugo=$(python3 -c "print('%.2f' % ($(mean "$work/jf.json")/$hugo_s))")
  else
    hugo_s="skipped"; hugo_peak="-"; ratio_hugo="-"
  fi
  rm -rf "$out"
  jf_s=$(mean "$work/jf.json"); cp_s=$(mean "$work/cp.json")
  ratio_cp=$(python3 -c "print('%.2f' % ($jf_s/$cp_s))")
  printf '%-9s %10s %10s %10s %10s %9s %9s %10s %10s\n' "$size" "$(mean "$work/check.json")" "$jf_s" "$hugo_s" "$cp_s" "$ratio_hugo" "$ratio_cp" "$jf_peak" "$hugo_peak"
done
echo "pages per profile: 3 (profile, goals, permalink) plus family, role, level and site pages;" \
  "output of the largest size: $(du -sh --apparent-size "$work/ref-${sizes[-1]}" | cut -f1)"
