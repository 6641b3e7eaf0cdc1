#!/usr/bin/env bash
# Every test: typecheck, lint (ESLint + Prettier), unit tests (Vitest, Node, cpu + wasm), PyTorch parity, end-to-end (Playwright,
# Debian chromium, webgpu on SwiftShader + wasm). Installs what it needs first. Non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh || exit 1

status=0
step() {
  echo; echo "=== $* ==="
  "$@" || { echo "=== FAILED: $* ==="; status=1; }
}
step npm run --silent typecheck
step npm run --silent lint
step npx vitest run
step npm run --silent test:parity
step npm run --silent build
step npx playwright test
echo
if [ $status -eq 0 ]; then echo "ALL TESTS PASSED"; else echo "SOME TESTS FAILED"; fi
exit $status
