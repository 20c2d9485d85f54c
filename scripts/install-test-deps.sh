#!/usr/bin/env bash
# Installs what the test suite needs on a Debian machine (run as root), or stops with one line that
# says what is missing. It never warns and goes on: a suite that starts is a suite that can pass.
#
#   - Debian packages: the FTP clients the end-to-end tests drive (curl, lftp, tnftp, Python's
#     ftplib), pyftpdlib and haproxy (benchmarks, replica tests), openssl, iproute2 (ss), OpenLDAP
#     (slapd, ldap-utils: a real directory for the ldap auth provider tests);
#   - moto, the S3, SQS, SNS and EventBridge emulator (scripts/emulators/moto/install.sh);
#   - Google's Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator, from Google's apt
#     repository, which must already be configured where it is missing) and Java 17 to run it;
#   - Go programs from the Go module proxy, pinned and cached in $BUCKETFTP_TOOLS_DIR
#     (default /opt/bucketftp/bin): fake-gcs-server (the GCS emulator), rclone (modification times
#     kept in S3 and GCS are checked against its own), and where the machine has
#     none of its own, OpenTofu in place of terraform and kustomize in place of kubectl.
#
# Prints the version of every tool it checked.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
tools=${BUCKETFTP_TOOLS_DIR:-/opt/bucketftp/bin}

FAKE_GCS_SERVER_VERSION=v1.56.1
RCLONE_VERSION=v1.76.0
OPENTOFU_VERSION=v1.10.7
KUSTOMIZE_VERSION=v5.7.1
GO_MINIMUM=1.24 # fake-gcs-server v1.56 and OpenTofu v1.10 need it

fail() {
  echo "install-test-deps: $*" >&2
  exit 1
}

if [[ $(id -u) -ne 0 ]]; then fail "run as root (apt-get is needed), e.g. sudo $0"; fi

# --- Debian packages ---------------------------------------------------------------------------
packages=(curl lftp tnftp python3 python3-pyftpdlib haproxy openssl ca-certificates iproute2 procps slapd ldap-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
apt-get update -qq || fail "apt-get update failed"
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get could not install: ${missing[*]}"
fi

# --- moto (S3, SQS, SNS, EventBridge emulator) ----------------------------------------------------
"$here/emulators/moto/install.sh"

# --- Pub/Sub emulator (the @bucketftp/events tests run its jar with java) ---------------------------
pubsub_emulator_jar() { ls /usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib/cloud-pubsub-emulator-*.jar 2>/dev/null | sed -n 1p; }
command -v java >/dev/null || apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null ||
  fail "apt-get could not install openjdk-17-jre-headless (Java for the Pub/Sub emulator)"
if [ -z "$(pubsub_emulator_jar)" ]; then
  # Not in Debian's archive: only Google's apt repository (packages.cloud.google.com) has it.
  candidate=$(apt-cache policy google-cloud-cli-pubsub-emulator 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    fail "the Pub/Sub emulator is missing and no apt source offers google-cloud-cli-pubsub-emulator: add Google's apt repository (https://cloud.google.com/sdk/docs/install#deb) and run again"
  fi
  apt-get install -y -qq --no-install-recommends google-cloud-cli-pubsub-emulator >/dev/null ||
    fail "apt-get could not install google-cloud-cli-pubsub-emulator"
  [ -n "$(pubsub_emulator_jar)" ] || fail "google-cloud-cli-pubsub-emulator is installed but its jar is not in /usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib"
fi

# --- Go programs -----------------------------------------------------------------------------------
command -v go >/dev/null || fail "Go ≥ $GO_MINIMUM is needed to build fake-gcs-server, and 'go' is not on PATH"
go_version=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$GO_MINIMUM" "$go_version" | sort -V | sed -n 1p)" != "$GO_MINIMUM" ]; then
  fail "Go ≥ $GO_MINIMUM is needed to build fake-gcs-server; this machine has go$go_version"
fi
mkdir -p "$tools"

# A program is rebuilt only when its pinned version changed (the stamp file beside it says which).
installed_at() { [ -x "$tools/$1" ] && [ "$(cat "$tools/.$1.version" 2>/dev/null)" = "$2" ]; }
stamp() { echo "$2" >"$tools/.$1.version"; }

go_install() { # NAME MODULE/PATH VERSION
  installed_at "$1" "$3" && return 0
  echo "building $1 $3 from the Go module proxy…"
  GOBIN="$tools" go install "$2@$3" || fail "go install $2@$3 failed"
  stamp "$1" "$3"
}

# Modules whose go.mod has replace directives can't be `go install`ed by version: download the
# module and build the command inside it, where those directives apply.
go_build_in_module() { # NAME MODULE PACKAGE VERSION
  installed_at "$1" "$4" && return 0
  echo "building $1 $4 from the Go module proxy…"
  local dir
  dir=$(go mod download -json "$2@$4" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || fail "go mod download $2@$4 failed"
  (cd "$dir" && go build -trimpath -o "$tools/$1" "$3") || fail "building $2/$3 at $4 failed"
  stamp "$1" "$4"
}

go_install fake-gcs-server github.com/fsouza/fake-gcs-server "$FAKE_GCS_SERVER_VERSION"
go_install rclone github.com/rclone/rclone "$RCLONE_VERSION"

# terraform is not in Debian's archive; where the machine has none, OpenTofu (`tofu`) runs the
# same infrastructure checks.
if command -v terraform >/dev/null; then
  infra_terraform="terraform: $(terraform version 2>/dev/null | sed -n 1p)"
else
  go_build_in_module tofu github.com/opentofu/opentofu ./cmd/tofu "$OPENTOFU_VERSION"
  infra_terraform="tofu: $("$tools/tofu" version 2>/dev/null | sed -n 1p)"
fi

# The infrastructure checks render kustomizations: kubectl ≥ 1.27 (kustomize v5 inside) where the
# machine has it (Debian's kubernetes-client is 1.20), else a standalone kustomize v5.
kubectl_minor=0
if command -v kubectl >/dev/null; then
  kubectl_minor=$(kubectl version --client -o json 2>/dev/null | sed -n 's/^[[:space:]]*"minor": "\([0-9]*\).*/\1/p' | sed -n 1p)
fi
if [ "${kubectl_minor:-0}" -ge 27 ]; then
  infra_kustomize="kubectl: $(kubectl version --client 2>/dev/null | sed -n 1p)"
else
  go_install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
  infra_kustomize="kustomize: $("$tools/kustomize" version)"
fi

# --- versions --------------------------------------------------------------------------------------
echo "test dependencies installed:"
echo "  node $(node --version), npm $(npm --version), go$go_version"
echo "  $(curl --version | sed -n 1p | cut -d' ' -f1-2), lftp $(lftp --version | sed -n 1p | sed 's/.*Version \([^ ]*\).*/\1/'), tnftp $(dpkg-query -W -f='${Version}' tnftp)"
echo "  $(python3 --version), pyftpdlib $(dpkg-query -W -f='${Version}' python3-pyftpdlib), $(haproxy -v | sed -n 1p | cut -d' ' -f1-3)"
echo "  slapd $(dpkg-query -W -f='${Version}' slapd), ldap-utils $(dpkg-query -W -f='${Version}' ldap-utils)"
echo "  moto $(PYTHONPATH="${BUCKETFTP_MOTO_DIR:-/opt/bucketftp/moto}/usr/lib/python3/dist-packages" /usr/bin/python3 -c 'import moto; print(moto.__version__)')"
echo "  fake-gcs-server $(cat "$tools/.fake-gcs-server.version") ($tools/fake-gcs-server)"
echo "  rclone $(cat "$tools/.rclone.version") ($tools/rclone)"
echo "  pubsub emulator $(basename "$(pubsub_emulator_jar)" .jar | sed 's/^cloud-pubsub-emulator-//; s/-all$//'), $(java -version 2>&1 | sed -n 1p)"
echo "  $infra_terraform"
echo "  $infra_kustomize"
