#!/usr/bin/env bash
# Every figure of issue 14 in one run, for docs/BENCHMARKS.md ("Issue 14: all figures from one run"):
#   1. start-up side by side: ./ceremony run vs the AWS CLI v2 + OpenSSL recipe, ./ceremony kms
#      describe-key vs aws kms describe-key, ./ceremony transcript verify   (issue14-startup.sh N)
#   2. bulk: 100 symmetric keys against local-kms --emulate-quotas, then without quotas (bulk.sh)
#   3. local KMS at scale: CreateKey at 100 and at 30,000 keys, then 50 stalled connections
#      (LocalKmsScaleBench 100 30000 300)
#   4. kill -9 durability of the local KMS (LocalKmsKillBench 30)
# Meant for a fresh clone on an otherwise idle machine; prints the load average around each part.
# Needs what `mvn -B verify` installs (SoftHSM2, OpenSSL, the AWS CLI v2 at /usr/bin/aws).
# Usage: scripts/bench/issue14-all.sh [N]     (N: alternated rounds of part 1, default 7)
# Takes about 10-15 minutes on 2 CPUs; everything targets 127.0.0.1 and stops by itself.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
N="${1:-7}"
load() { echo "# $(date -u +%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "# issue 14, all figures from one run: $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(java -version 2>&1 | head -1)"
load

bash softhsm-config/ensure-softhsm.sh --token ceremony-dev --quiet >&2
export SOFTHSM2_CONF="$here/.softhsm/softhsm2.conf"
./ceremony --version >/dev/null        # the jar and the start-up archive, once
./ceremony hsm create-signer --label ceremony-signer >/dev/null 2>&1 || true

echo; echo "## 1. start-up, side by side (N=$N)"; load
bash scripts/bench/issue14-startup.sh "$N"
load

echo; echo "## 2. bulk, 100 keys, local KMS with AWS's quotas"; load
bash scripts/bench/bulk.sh quotas
echo; echo "## 2b. bulk, 100 keys, no quotas"; load
bash scripts/bench/bulk.sh no-quotas
load

echo; echo "## 3. local KMS at scale and stalled clients"; load
mvn -B -q test-compile >/dev/null
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.cp)"
java -cp "$cp" dev.keyceremony.bench.LocalKmsScaleBench 100 30000 300
load

echo; echo "## 4. kill -9 durability"; load
java -cp "$cp" dev.keyceremony.bench.LocalKmsKillBench 30
load
