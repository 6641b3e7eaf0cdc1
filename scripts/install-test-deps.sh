#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: npm packages, Debian's chromium (browser tests)
# and Debian's python3-torch + libopenblas0-pthread (the PyTorch parity tests). System packages are
# installed only when missing and only when running as root; otherwise the script says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages (run as root to install): ${missing[*]}" >&2
  fi
fi
