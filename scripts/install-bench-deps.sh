#!/usr/bin/env bash
# Installs the peers `npm run bench` compares bucketftp with, beyond what scripts/install-test-deps.sh
# installs (pyftpdlib, moto, fake-gcs-server): SFTPGo and rclone, Go programs built from the Go module
# proxy at one exact version each and cached in $BUCKETFTP_TOOLS_DIR (default /opt/bucketftp/bin).
# Not part of CI: the test suite's smoke run of the bench needs neither; a full run reports a peer
# that is missing as "unavailable" and names this script.
set -euo pipefail
tools=${BUCKETFTP_TOOLS_DIR:-/opt/bucketftp/bin}

RCLONE_VERSION=v1.76.0
# v2.6.6 (the newest v2.6) was refused by the module proxy here; v2.6.4 is served.
SFTPGO_VERSION=v2.6.4

fail() {
  echo "install-bench-deps: $*" >&2
  exit 1
}

command -v go >/dev/null || fail "'go' is not on PATH (SFTPGo and rclone are built with it)"
mkdir -p "$tools"

installed_at() { [ -x "$tools/$1" ] && [ "$(cat "$tools/.$1.version" 2>/dev/null)" = "$2" ]; }

if ! installed_at rclone "$RCLONE_VERSION"; then
  echo "building rclone $RCLONE_VERSION from the Go module proxy…"
  GOBIN="$tools" go install "github.com/rclone/rclone@$RCLONE_VERSION" || fail "go install rclone@$RCLONE_VERSION failed"
  echo "$RCLONE_VERSION" >"$tools/.rclone.version"
fi

if ! installed_at sftpgo "$SFTPGO_VERSION"; then
  echo "building SFTPGo $SFTPGO_VERSION from the Go module proxy…"
  # `go install module@version` first asks the proxy for the module's version list, which the proxy
  # may refuse (403) while it still serves the version itself: fetch that one version and build it.
  dir=$(go mod download -json "github.com/drakkan/sftpgo/v2@$SFTPGO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || fail "go mod download sftpgo@$SFTPGO_VERSION failed"
  src=$(mktemp -d)
  cp -r "$dir/." "$src" && chmod -R u+w "$src"
  (cd "$src" && go build -o "$tools/sftpgo" .) || fail "go build sftpgo@$SFTPGO_VERSION failed"
  # SFTPGo loads its web templates at start even when its web server is off: keep the module's copy.
  rm -rf "$tools/sftpgo.d" && mkdir -p "$tools/sftpgo.d" && cp -r "$dir/templates" "$tools/sftpgo.d/templates"
  rm -rf "$src"
  echo "$SFTPGO_VERSION" >"$tools/.sftpgo.version"
fi

echo "bench peers installed:"
echo "  $("$tools/rclone" version | sed -n 1p) ($tools/rclone)"
echo "  $("$tools/sftpgo" -v 2>&1 | sed -n 1p | cut -d' ' -f1-2) ($tools/sftpgo)"
