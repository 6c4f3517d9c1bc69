#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium and poppler-utils (pdfinfo, pdftotext) are installed,
# for the tests that render the HTML report in a real browser and print it to PDF. Idempotent.
#
#   scripts/test/ensure-chromium.sh [--quiet]
#
# Missing: installs them with apt-get when running as root (apt-get update first), otherwise prints
# the one command to run and exits 1. Waits up to 5 minutes for another apt/dpkg run to finish.
set -euo pipefail
quiet=0
case "${1:-}" in
  --quiet) quiet=1 ;;
  -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
  "") ;;
  *) echo "ensure-chromium: unknown argument '$1' (allowed: --quiet)" >&2; exit 2 ;;
esac
say() { [ "$quiet" = 1 ] || echo "$@"; }

missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium"
command -v pdfinfo >/dev/null 2>&1 || missing="$missing poppler-utils"
missing="${missing# }"
if [ -z "$missing" ]; then
  say "ensure-chromium: $(chromium --version 2>/dev/null | head -n1), $(pdfinfo -v 2>&1 | head -n1)"
  exit 0
fi
# shellcheck source=../lib/apt.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib/apt.sh"
# shellcheck disable=SC2086
apt_install ensure-chromium --no-install-recommends $missing
command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || {
  echo "ensure-chromium: $missing still missing after apt-get install" >&2; exit 1; }
say "ensure-chromium: $(chromium --version 2>/dev/null | head -n1)"
