#!/usr/bin/env bash
# Side-by-side start-up benchmark for issue 14 (docs/BENCHMARKS.md, "Start-up and the AWS CLI").
# Runs, alternated, N times each (default 7):
#   1. ./ceremony run of ceremony-scripts/symmetric.yaml --non-interactive  vs  the AWS CLI v2 +
#      OpenSSL manual recipe for the same key (5 aws calls, base64, 2 openssl calls),
#   2. ./ceremony kms describe-key  vs  aws kms describe-key,
#   3. ./ceremony transcript verify of the symmetric ceremony's bundle, the signer pinned,
# all against one separately started local KMS (./ceremony local-kms --port 0). Prints medians
# (wall, and user+sys CPU) and the load average before and after each part.
# Needs: the AWS CLI v2 at /usr/bin/aws (Debian: apt-get install -y awscli), openssl, SoftHSM2.
# Usage: scripts/bench/issue14-startup.sh [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
N="${1:-7}"
AWS="${AWS_CLI:-/usr/bin/aws}"
"$AWS" --version 2>&1 | grep -q '^aws-cli/2' || { echo "need the AWS CLI v2 at $AWS" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/issue14-bench.XXXXXX")"
kms_pid=""
cleanup() { [ -n "$kms_pid" ] && kill "$kms_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

bash softhsm-config/ensure-softhsm.sh --token ceremony-dev --quiet >&2
export SOFTHSM2_CONF="$here/.softhsm/softhsm2.conf"
./ceremony --version >/dev/null                       # builds the jar and the CDS archive if needed
./ceremony hsm create-signer --label ceremony-signer >/dev/null 2>&1 || true   # once per token

./ceremony local-kms --port 0 >"$work/kms.out" 2>"$work/kms.err" &
kms_pid=$!
for _ in $(seq 100); do [ -s "$work/kms.out" ] && break; sleep 0.1; done
EP="$(head -1 "$work/kms.out")"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN || true

sed -e "s|file:../.softhsm/|file:$here/.softhsm/|" -e "s|out: ../ceremony-out|out: $work/out|" \
    -e "s|endpoint: http://127.0.0.1:4599|endpoint: $EP|" ceremony-scripts/symmetric.yaml >"$work/symmetric.yaml"

# The manual recipe for the same key: AWS's documented import steps with the AWS CLI v2 and OpenSSL.
recipe() {
  local d="$work/recipe.$1" kid
  mkdir -p "$d"
  kid="$("$AWS" kms create-key --origin EXTERNAL --endpoint-url "$EP" \
      --description "payments data key (imported material) recipe-$1" \
      --tags TagKey=owner,TagValue=payments TagKey=ceremony,TagValue=payments-aes \
      --query KeyMetadata.KeyId --output text)"
  "$AWS" kms create-alias --endpoint-url "$EP" --alias-name "alias/recipe-$$-$1" --target-key-id "$kid"
  "$AWS" kms get-parameters-for-import --endpoint-url "$EP" --key-id "$kid" \
      --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_3072 \
      --query '[ImportToken,PublicKey]' --output text >"$d/params.txt"
  cut -f1 "$d/params.txt" | base64 -d >"$d/token.bin"
  cut -f2 "$d/params.txt" | base64 -d >"$d/pub.der"
  openssl rand -out "$d/material.bin" 32
  openssl pkeyutl -encrypt -in "$d/material.bin" -out "$d/wrapped.bin" -inkey "$d/pub.der" \
      -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \
      -pkeyopt rsa_mgf1_md:sha256
  "$AWS" kms import-key-material --endpoint-url "$EP" --key-id "$kid" \
      --encrypted-key-material "fileb://$d/wrapped.bin" --import-token "fileb://$d/token.bin" \
      --expiration-model KEY_MATERIAL_EXPIRES --valid-to "$(date -u -d '+90 days' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
  "$AWS" kms describe-key --endpoint-url "$EP" --key-id "$kid" --query KeyMetadata.KeyState \
      --output text | grep -qx Enabled
}

# time_it LABEL CMD...: appends "wall cpu" (seconds) to $work/LABEL.t
time_it() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/t.tmp" "$@" >/dev/null 2>"$work/last.err" \
    || { echo "FAILED: $label" >&2; cat "$work/last.err" >&2; exit 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/t.tmp" >>"$work/$label.t"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
report() {
  local label="$1"
  printf '%-34s wall median %5.2f s  (min %5.2f, max %5.2f)  CPU median %5.2f s  n=%d\n' "$label" \
    "$(cut -d' ' -f1 "$work/$label.t" | median)" "$(cut -d' ' -f1 "$work/$label.t" | sort -n | head -1)" \
    "$(cut -d' ' -f1 "$work/$label.t" | sort -n | tail -1)" "$(cut -d' ' -f2 "$work/$label.t" | median)" \
    "$(wc -l <"$work/$label.t")"
}

export -f recipe
export work EP AWS
echo "# $(date -u +%FT%TZ) on $(nproc) CPUs, $(java -version 2>&1 | head -1), $("$AWS" --version 2>&1 | cut -d' ' -f1)"
echo "# local KMS $EP; load before: $(uptime | sed 's/.*load average/load average/')"

kid="$("$AWS" kms create-key --endpoint-url "$EP" --query KeyMetadata.KeyId --output text)"
# One unmeasured round of each, so files are in the page cache for both sides.
./ceremony run "$work/symmetric.yaml" --non-interactive >/dev/null 2>&1
recipe warm >/dev/null
bundle="$(ls -d "$work"/out/*/ | head -1)"
# verify exits 0 only with the signer pinned (8 otherwise): pin it, as an auditor would.
fp="$(openssl pkey -pubin -in "$bundle/signer.pem" -outform DER | sha256sum | cut -d' ' -f1)"
echo "# verified bundle: $(wc -l <"$bundle/transcript.jsonl") entries, signer $fp"

for i in $(seq "$N"); do
  time_it "ceremony run symmetric.yaml" ./ceremony run "$work/symmetric.yaml" --non-interactive
  time_it "AWS CLI v2 + OpenSSL recipe" bash -c "recipe $i"
done
echo "# load after run/recipe: $(uptime | sed 's/.*load average/load average/')"
for i in $(seq "$N"); do
  time_it "ceremony kms describe-key" ./ceremony kms describe-key --key-id "$kid" --endpoint-url "$EP"
  time_it "aws kms describe-key" "$AWS" kms describe-key --key-id "$kid" --endpoint-url "$EP"
  time_it "ceremony transcript verify" ./ceremony transcript verify "$bundle" --signer-fingerprint "$fp"
done
echo "# load after describe-key/verify: $(uptime | sed 's/.*load average/load average/')"
for l in "ceremony run symmetric.yaml" "AWS CLI v2 + OpenSSL recipe" "ceremony kms describe-key" \
    "aws kms describe-key" "ceremony transcript verify"; do
  report "$l"
done
r="$(cut -d' ' -f1 "$work/ceremony run symmetric.yaml.t" | median)"
a="$(cut -d' ' -f1 "$work/AWS CLI v2 + OpenSSL recipe.t" | median)"
d="$(cut -d' ' -f1 "$work/ceremony kms describe-key.t" | median)"
e="$(cut -d' ' -f1 "$work/aws kms describe-key.t" | median)"
awk -v r="$r" -v a="$a" -v d="$d" -v e="$e" 'BEGIN {
  printf "ratio run / recipe (wall medians): %.2f (goal <= 0.5)\n", r / a;
  printf "ratio ceremony / aws describe-key (wall medians): %.2f (goal <= 1.0)\n", d / e }'
