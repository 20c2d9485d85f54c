#!/usr/bin/env bash
# Installs what the test suite needs on a Debian machine (run as root, or with sudo):
# the real FTP clients the end-to-end tests drive, the reference servers and load balancer
# the benchmarks and replica tests use, and the storage emulators.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

packages=(curl lftp tnftp python3 python3-pyftpdlib haproxy openssl ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# S3 emulator (moto); the GCS emulator comes from the firebase-tools npm devDependency.
if [ -x "$here/emulators/moto/install.sh" ]; then
  "$here/emulators/moto/install.sh"
fi
# The infrastructure checks need terraform and kubectl, which Debian does not package (in usable
# versions); say so early instead of failing deep inside the suite.
for tool in terraform kubectl; do
  command -v "$tool" >/dev/null || echo "warning: $tool is not on PATH; the infra tests (test/e2e/cluster/infra.test.ts) will fail" >&2
done
echo "test dependencies installed"
