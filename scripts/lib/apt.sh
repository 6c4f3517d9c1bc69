# shellcheck shell=bash
# Sourced (not run) by the scripts that set up the test rig (softhsm-config/ensure-softhsm.sh,
# softhsm-config/ensure-nss.sh, scripts/test/ensure-chromium.sh): installs missing Debian packages.
#
#   . "$project/scripts/lib/apt.sh"
#   apt_install WHO [--no-install-recommends] PACKAGE...
#
# As root: runs 'apt-get update' once (once per run of the scripts: a child script that sources
# this too sees KC_APT_UPDATED and skips it), then installs the packages, quietly unless it fails.
# Waits up to 5 minutes for another apt/dpkg run to finish. Prints "WHO: installing ..." unless the
# calling script set quiet=1. Not root, or no apt-get: prints the one command to run and exits 1.

apt_install() {
  local who="$1"
  shift
  local extra=()
  if [ "${1:-}" = --no-install-recommends ]; then
    extra=(--no-install-recommends)
    shift
  fi
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: $*. Run 'sudo apt-get install -y $*' (Debian/Ubuntu), then retry." >&2
    exit 1
  fi
  [ "${quiet:-0}" = 1 ] || echo "$who: installing $* with apt-get (one time)..."
  export DEBIAN_FRONTEND=noninteractive
  local lock=(-o DPkg::Lock::Timeout=300)
  if [ "${KC_APT_UPDATED:-0}" != 1 ]; then
    apt-get "${lock[@]}" update -qq >/dev/null 2>&1 || apt-get "${lock[@]}" update -qq
    export KC_APT_UPDATED=1
  fi
  apt-get "${lock[@]}" install -y -qq "${extra[@]}" "$@" >/dev/null 2>&1 \
    || apt-get "${lock[@]}" install -y "${extra[@]}" "$@"
}
