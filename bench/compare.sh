#!/usr/bin/env bash
# Side-by-side build benchmark: jobframe vs Hugo on the same pages vs the `cp -a` floor.
# Usage: bench/compare.sh [PROFILES ...]     (default: 2000 20000)
# Environment: RUNS (timed runs per command, default 3), WORK (scratch folder, default
# /tmp/jobframe-bench), HUGO_MAX_PROFILES (skip Hugo above this size, default 50000: Hugo
# needs about 1 GB of memory per 5,000 pages here), BASELINE (another jobframe binary, e.g. the
# release build of an earlier commit: timed in the same run, with the ratio and both outputs'
# sizes printed after the table).
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
  if [ -n "${BASELINE:-}" ]; then
    base_out="$work/base-out"
    # Both binaries alternate in one hyperfine run, so machine noise hits them alike.
    hyperfine --style none --runs "$runs" --prepare "rm -rf $out $base_out; sync" --export-json "$work/pair.json" \
      "$BASELINE build --canon $canon --out $base_out" "$jobframe build --canon $canon --out $out" >/dev/null
    rm -rf "$out" "$base_out"
    "$BASELINE" build --canon "$canon" --out "$base_out" 2>/dev/null; "$jobframe" build --canon "$canon" --out "$out" 2>/dev/null
    python3 - "$work/pair.json" "$size" "$(du -sb "$base_out" | cut -f1)" "$(du -sb "$out" | cut -f1)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base, new = results[0]["mean"], results[1]["mean"]
base_bytes, new_bytes = int(sys.argv[3]), int(sys.argv[4])
print(f"  vs BASELINE at {sys.argv[2]} profiles: baseline {base:.2f} s, this {new:.2f} s, ratio {new / base:.2f}; "
      f"output {base_bytes / 1e6:.0f} MB -> {new_bytes / 1e6:.0f} MB ({(new_bytes / base_bytes - 1) * 100:+.0f}%)")
PY
    rm -rf "$out" "$base_out"
  fi
done
echo "pages per profile: 3 (profile, goals, permalink) plus family, role, level and site pages;" \
  "output of the largest size: $(du -sh --apparent-size "$work/ref-${sizes[-1]}" | cut -f1)"
