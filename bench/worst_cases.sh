#!/usr/bin/env bash
# Worst-case canon files: each is put into a copy of the bundled canon and checked by the
# release binary under /usr/bin/time; prints a Markdown table (case, size, wall and CPU seconds,
# peak MB, outcome) and exits 1 when a case takes more than 2 s or 512 MB.
# Usage: bench/worst_cases.sh [CASE ...]      (default: every case; names in worst_cases.py)
# Environment: WORK (scratch folder, default /tmp/jobframe-worst), TIMEOUT_S (stop a run after
# this many seconds, default 60), MODE=build (time `jobframe build` instead, for the linearity
# cases lines-2k, lines-10k, …).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || {
  echo "installing time (Debian package time)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq time >/dev/null
}
cargo build --release --locked --quiet --bin jobframe
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(./target/release/jobframe --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 bench/worst_cases.py ./target/release/jobframe "${WORK:-/tmp/jobframe-worst}" "$@"
