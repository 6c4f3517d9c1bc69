#!/usr/bin/env bash
# Benchmark of a bulk ceremony (not a test): ceremony-scripts/bulk.yaml (100 symmetric keys)
# against a separately started local KMS on 127.0.0.1, with AWS's quotas or without, then the
# figures from the transcript (src/test/java/dev/keyceremony/bench/BulkBench.java).
#
#   scripts/bench/bulk.sh quotas      # ./ceremony local-kms --emulate-quotas, the script's pace (AWS's)
#   scripts/bench/bulk.sh no-quotas   # ./ceremony local-kms, pace raised to 1000 requests/s per operation
#
# Optional: COUNT=20 (keys), PORT=4599, WRAPPING=RSA_3072 (the script's wrapping key spec).
# Stops by itself; the local KMS it started is stopped at the end. Needs the signer key
# ceremony-signer in token ceremony-dev (./ceremony hsm create-signer --label ceremony-signer).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="${1:-quotas}"
port="${PORT:-4599}"
work="$(mktemp -d "${TMPDIR:-/tmp}/bulk-bench.XXXXXX")"
script="$work/bulk.yaml"
sed -e "s#http://127.0.0.1:4599#http://127.0.0.1:$port#" \
    -e "s#file:../.softhsm/#file:$here/.softhsm/#" \
    -e "s#out: ../ceremony-out#out: $work/out#" \
    "$here/ceremony-scripts/bulk.yaml" > "$script"
if [ -n "${COUNT:-}" ]; then sed -i "s/^  count: 100 /  count: $COUNT /" "$script"; fi
if [ -n "${WRAPPING:-}" ]; then sed -i "s/^  key-spec: RSA_[0-9]*/  key-spec: $WRAPPING/" "$script"; fi
kms_args=(--port "$port" --state-dir "$work/kms")
quota=1
if [ "$mode" = quotas ]; then
  kms_args+=(--emulate-quotas)
else
  sed -i -e 's/^    create-key: 5$/    create-key: 1000/' -e 's/^    create-alias: 5$/    create-alias: 1000/' \
      -e 's/^    get-parameters-for-import: 1$/    get-parameters-for-import: 1000/' \
      -e 's/^    import-key-material: 15$/    import-key-material: 1000/' "$script"
  quota=1000
fi
"$here/ceremony" local-kms "${kms_args[@]}" > "$work/local-kms.log" 2>&1 &
kms_pid=$!
trap 'kill "$kms_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.5
done
echo "load before: $(uptime)"
start=$(date +%s.%N)
"$here/ceremony" run "$script" --non-interactive
stop=$(date +%s.%N)
echo "load after:  $(uptime)"
echo "command wall time (JVM start to exit): $(echo "$stop - $start" | bc) s"
bundle="$(ls -d "$work"/out/*/ | head -1)"
cd "$here" && mvn -B -q test-compile exec:java -Dexec.mainClass=dev.keyceremony.bench.BulkBench \
  -Dexec.classpathScope=test -Dexec.args="$bundle $quota"
