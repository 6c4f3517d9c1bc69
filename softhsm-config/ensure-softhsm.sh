#!/usr/bin/env bash
# Makes sure SoftHSM2 is installed and that a named token exists in this project's own,
# git-ignored token directory (.softhsm/ at the project root). Idempotent.
#
#   softhsm-config/ensure-softhsm.sh [--token LABEL] [--quiet] [--no-nss]
#
# - SoftHSM2 (or the openssl command) missing: installs it with apt-get when running as root,
#   otherwise prints the one command to run and exits 1.
# - The token is created only inside .softhsm/tokens; tokens anywhere else are never touched,
#   and an existing token of ours is left as it is.
# - PINs of the test rig are random, written to .softhsm/<label>.user.pin and .so.pin (mode 600).
#   They are test-rig PINs: a production HSM's PINs come from a prompt, env: or file: source.
# - Then runs ensure-nss.sh (the second test token, NSS's softoken in .nss/) unless --no-nss.
set -euo pipefail

label="ceremony-dev"
quiet=0
nss=1
while [ $# -gt 0 ]; do
  case "$1" in
    --token) label="${2:?--token needs a label}"; shift 2 ;;
    --quiet) quiet=1; shift ;;
    --no-nss) nss=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "ensure-softhsm: unknown argument '$1' (allowed: --token LABEL, --quiet, --no-nss)" >&2; exit 2 ;;
  esac
done
case "$label" in
  *[!A-Za-z0-9._-]*|"") echo "ensure-softhsm: token label '$label' may contain only letters, digits, '.', '_' and '-'" >&2; exit 2 ;;
esac

say() { [ "$quiet" = 1 ] || echo "$@"; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/.." && pwd)"
dir="$project/.softhsm"
conf="$dir/softhsm2.conf"

module=""
find_module() {
  for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    if [ -f "$m" ]; then module="$m"; return 0; fi
  done
  return 1
}

# What the rig and the tests need from Debian: SoftHSM2, the openssl command (the tests and the
# README check transcripts with stock OpenSSL; Debian ranks it "optional", so a minimal machine may
# lack it) and ssh-keygen (openssh-client: the dual-control tests sign approvals with it).
missing=""
if ! command -v softhsm2-util >/dev/null 2>&1 || ! find_module; then missing="softhsm2"; fi
if ! command -v openssl >/dev/null 2>&1; then missing="$missing openssl"; fi
if ! command -v ssh-keygen >/dev/null 2>&1; then missing="$missing openssh-client"; fi
# The air-gapped ITs import wrap's files with the AWS CLI v2 itself (Debian's awscli is v2).
if [ ! -x /usr/bin/aws ]; then missing="$missing awscli"; fi
missing="${missing# }"
if [ -n "$missing" ]; then
  # shellcheck source=../scripts/lib/apt.sh
  . "$project/scripts/lib/apt.sh"
  # shellcheck disable=SC2086
  apt_install ensure-softhsm $missing
  find_module || { echo "ensure-softhsm: softhsm2 installed but libsofthsm2.so was not found" >&2; exit 1; }
fi

umask 077
mkdir -p "$dir/tokens"
if [ ! -f "$conf" ]; then
  sed "s#@TOKENDIR@#$dir/tokens#" "$here/softhsm2.conf.template" > "$conf"
fi
export SOFTHSM2_CONF="$conf"

if softhsm2-util --show-slots 2>/dev/null | grep -Eq "^[[:space:]]*Label:[[:space:]]+$label[[:space:]]*\$"; then
  say "ensure-softhsm: token '$label' already exists (SOFTHSM2_CONF=$conf)"
else
  sopin="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  userpin="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s' "$sopin" > "$dir/$label.so.pin"
  printf '%s' "$userpin" > "$dir/$label.user.pin"
  # softhsm2-util reads PINs only from a terminal; feed them through a pseudo-terminal made by
  # script(1) so that no PIN ever appears in a process's argv.
  command -v script >/dev/null 2>&1 || { echo "ensure-softhsm: script(1) from util-linux is needed: run 'apt-get install -y bsdutils'" >&2; exit 1; }
  printf '%s\n%s\n%s\n%s\n' "$sopin" "$sopin" "$userpin" "$userpin" \
    | script -qec "softhsm2-util --init-token --free --label '$label'" /dev/null >/dev/null 2>&1 || true
  if ! softhsm2-util --show-slots 2>/dev/null | grep -Eq "^[[:space:]]*Label:[[:space:]]+$label[[:space:]]*\$"; then
    rm -f "$dir/$label.so.pin" "$dir/$label.user.pin"
    echo "ensure-softhsm: softhsm2-util did not create token '$label'; run it by hand to see why: SOFTHSM2_CONF=$conf softhsm2-util --init-token --free --label $label" >&2
    exit 1
  fi
  say "ensure-softhsm: created token '$label' in $dir/tokens"
fi
say "module:       $module"
say "SOFTHSM2_CONF=$conf"
say "user PIN:     file:$dir/$label.user.pin"
if [ "$nss" = 1 ]; then
  if [ "$quiet" = 1 ]; then bash "$here/ensure-nss.sh" --quiet; else bash "$here/ensure-nss.sh"; fi
fi
