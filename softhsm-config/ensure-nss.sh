#!/usr/bin/env bash
# Makes sure NSS's software token (libsoftokn3 from Debian's libnss3, certutil from libnss3-tools)
# is installed and that an NSS key database exists in this project's own, git-ignored directory
# (.nss/ at the project root). Idempotent. ensure-softhsm.sh calls it, so the Maven build sets up
# both test tokens.
#
#   softhsm-config/ensure-nss.sh [--quiet]
#
# - libnss3 or libnss3-tools missing: installs them with apt-get when running as root, otherwise
#   prints the one command to run and exits 1.
# - The database is created only inside .nss/db; an existing database is left as it is.
# - The token password (the user PIN of the "NSS Certificate DB" token) is random, written to
#   .nss/nss.user.pin (mode 600) and handed to certutil as a file (-f), never on a command line.
# - .nss/init-args holds the string NSS needs in CK_C_INITIALIZE_ARGS.pReserved (hsm.init-args in
#   a ceremony script, --init-args on the hsm commands).
set -euo pipefail

quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet) quiet=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "ensure-nss: unknown argument '$1' (allowed: --quiet)" >&2; exit 2 ;;
  esac
done

say() { [ "$quiet" = 1 ] || echo "$@"; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/.." && pwd)"
dir="$project/.nss"
db="$dir/db"
pinfile="$dir/nss.user.pin"

module=""
find_module() {
  for m in /usr/lib/x86_64-linux-gnu/libsoftokn3.so /usr/lib/aarch64-linux-gnu/libsoftokn3.so /usr/lib64/libsoftokn3.so /usr/lib/libsoftokn3.so; do
    if [ -f "$m" ]; then module="$m"; return 0; fi
  done
  return 1
}

missing=""
if ! find_module; then missing="libnss3"; fi
if ! command -v certutil >/dev/null 2>&1; then missing="$missing libnss3-tools"; fi
missing="${missing# }"
if [ -n "$missing" ]; then
  # shellcheck source=../scripts/lib/apt.sh
  . "$project/scripts/lib/apt.sh"
  # shellcheck disable=SC2086
  apt_install ensure-nss $missing
  find_module || { echo "ensure-nss: libnss3 installed but libsoftokn3.so was not found" >&2; exit 1; }
  command -v certutil >/dev/null 2>&1 || { echo "ensure-nss: libnss3-tools installed but certutil was not found" >&2; exit 1; }
fi

umask 077
mkdir -p "$db"
initargs="configdir='sql:$db' certPrefix='' keyPrefix='' secmod='secmod.db' flags="
printf '%s\n' "$initargs" > "$dir/init-args"

if [ -f "$db/key4.db" ] && [ -f "$db/cert9.db" ] && [ -s "$pinfile" ]; then
  say "ensure-nss: NSS database already exists in $db"
else
  if [ -f "$db/key4.db" ] || [ -f "$db/cert9.db" ]; then
    echo "ensure-nss: $db holds an NSS database but its password file $pinfile is missing;" \
      "remove $db to start over (rm -r '$db'), then rerun this script" >&2
    exit 1
  fi
  printf '%s' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" > "$pinfile"
  if ! certutil -N -d "sql:$db" -f "$pinfile" >/dev/null 2>&1; then
    rm -f "$pinfile" "$db/key4.db" "$db/cert9.db" "$db/pkcs11.txt"
    echo "ensure-nss: certutil did not create the database; run it by hand to see why:" \
      "certutil -N -d 'sql:$db' -f <password file>" >&2
    exit 1
  fi
  say "ensure-nss: created NSS database in $db"
fi
say "module:       $module"
say "token:        NSS Certificate DB"
say "init-args:    $initargs"
say "user PIN:     file:$pinfile"
