#!/usr/bin/env bash
# Installs the moto emulator used by the @bucketftp/storage-s3 tests (S3) and the @bucketftp/events
# tests (SQS, SNS, EventBridge) (Debian 12, run as root).
#
# Debian 12 ships no moto package, but Debian 13's python3-moto is pure Python and runs on
# Debian 12's python3 once its dependencies are present. So: install the dependencies from the
# regular (bookworm) archive, fetch the trixie .debs with a throw-away apt configuration, and only
# unpack them into $DEST (never dpkg -i them, so the system's package database stays bookworm-only).
# Besides moto itself that is python3-jsonpath-ng (not in bookworm; pure Python on top of ply):
# moto's EventBridge needs it to deliver an event to a rule's target.
#
# usage: sudo scripts/emulators/moto/install.sh [DEST]
#   DEST defaults to $BUCKETFTP_MOTO_DIR, then /opt/bucketftp/moto.
set -euo pipefail

dest=${1:-${BUCKETFTP_MOTO_DIR:-/opt/bucketftp/moto}}
python=/usr/bin/python3 # Debian's interpreter: the one the apt-installed dependencies belong to
export DEBIAN_FRONTEND=noninteractive

if [[ $(id -u) -ne 0 ]]; then
  echo "install.sh: run as root (apt-get is needed), e.g. sudo $0" >&2
  exit 1
fi

if PYTHONPATH="$dest/usr/lib/python3/dist-packages" "$python" -c 'import moto.server, jsonpath_ng.ext' 2>/dev/null; then
  echo "moto already installed in $dest"
  exit 0
fi

apt-get install -y --no-install-recommends \
  python3-antlr4 python3-boto3 python3-botocore python3-cryptography python3-dateutil \
  python3-flask python3-flask-cors python3-jinja2 python3-requests python3-responses \
  python3-werkzeug python3-xmltodict python3-yaml python3-ply >/dev/null

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/lists/partial" "$scratch/cache/archives/partial" "$scratch/sources"
# apt downloads as the unprivileged _apt user: let it write the scratch directory.
chmod 755 "$scratch"
if id _apt >/dev/null 2>&1; then chown -R _apt "$scratch"; fi

# Same mirror as the machine already uses (first stanza of debian.sources), suite switched to trixie.
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR == 1' /etc/apt/sources.list.d/debian.sources |
  sed 's/^Suites:.*/Suites: trixie/' >"$scratch/sources/trixie.sources"

apt_private=(
  -o Dir::Etc::sourcelist=/dev/null
  -o "Dir::Etc::sourceparts=$scratch/sources"
  -o "Dir::State::Lists=$scratch/lists"
  -o "Dir::Cache=$scratch/cache"
)
apt-get "${apt_private[@]}" update >/dev/null
(cd "$scratch" && apt-get "${apt_private[@]}" download python3-moto python3-jsonpath-ng >/dev/null)

mkdir -p "$dest"
dpkg-deb -x "$scratch"/python3-moto_*_all.deb "$dest"
dpkg-deb -x "$scratch"/python3-jsonpath-ng_*_all.deb "$dest"

version=$(PYTHONPATH="$dest/usr/lib/python3/dist-packages" "$python" -c 'import moto, jsonpath_ng.ext; print(moto.__version__)')
echo "moto $version (with jsonpath-ng) installed in $dest"
