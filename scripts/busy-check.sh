#!/usr/bin/env bash
# Runs the tests while a CPU hog keeps one core busy, as a user's laptop (or a shared CI box) would:
# the tests must wait on progress, not on wall-clock budgets sized for an idle machine.
#
#   scripts/busy-check.sh              # the whole `npm test`
#   scripts/busy-check.sh e2e          # only the end-to-end tests (builds first)
#   scripts/busy-check.sh e2e e2e/faults.spec.ts   # some e2e specs
#   SKIP_BUILD=1 scripts/busy-check.sh e2e -c my.config.ts   # an existing build, another config
#
# Prints PASS or FAIL with the wall time and exits with the tests' status.
set -u
cd "$(dirname "$0")/.."

what="${1:-all}"
[ $# -gt 0 ] && shift

# One hog, one core: a busy loop in its own process (nice 0, competing on equal terms).
node -e 'for (;;) {}' &
hog=$!
# Only our own hog is stopped, by its pid, whatever happens to the tests.
trap 'kill "$hog" 2>/dev/null' EXIT INT TERM
echo "busy-check: CPU hog running as pid $hog on $(nproc) cores"

start=$(date +%s)
case "$what" in
  all) npm test ;;
  e2e) { [ "${SKIP_BUILD:-0}" = 1 ] || npm run build; } && npx playwright test "$@" ;;
  *) echo "usage: $0 [all|e2e [specs...]]" >&2; exit 2 ;;
esac
status=$?
elapsed=$(( $(date +%s) - start ))

if [ "$status" -eq 0 ]; then
  echo "busy-check: PASS ($what, ${elapsed} s with one core busy)"
else
  echo "busy-check: FAIL ($what, exit $status after ${elapsed} s with one core busy)"
fi
exit "$status"
