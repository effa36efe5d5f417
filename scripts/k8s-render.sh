#!/usr/bin/env bash
# Renders one of RadStream's kustomizations (deploy/k8s, the NLB default, or
# deploy/k8s/overlays/alb) with a site file, and refuses to print anything a cluster should not
# run: a site value of the wrong form, or any image not pinned by digest.
#
#   scripts/k8s-render.sh [--site FILE] [KUSTOMIZATION]   > rendered.yaml
#   scripts/k8s-render.sh deploy/k8s | kubectl apply -f -
#
# FILE defaults to deploy/k8s/base/site.env (see site.env.example); KUSTOMIZATION to deploy/k8s.
# The rendering happens in a temporary copy, so the site file can live anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

site=deploy/k8s/base/site.env
target=deploy/k8s
while [ $# -gt 0 ]; do
  case $1 in
    --site) site=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) target=$1; shift ;;
  esac
done
fail() { echo "k8s-render: $*" >&2; exit 1; }
command -v kubectl >/dev/null || fail "kubectl not found (it bundles kustomize; install kubectl ≥ 1.27)"
[ -f "$site" ] || fail "no site file $site: copy deploy/k8s/base/site.env.example there and fill it in"
relative=$(realpath --relative-to=deploy/k8s "$target")
case $relative in ..*) fail "$target is not a kustomization under deploy/k8s" ;; esac

# value NAME: the site file's value for NAME (the last assignment wins, as in kustomize).
value() { sed -n "s/^$1=//p" "$site" | tail -n 1; }
check() {
  local name=$1 pattern=$2 what=$3 given
  given=$(value "$name")
  [[ $given =~ $pattern ]] || fail "$name in $site must be $what"
}
check TRITON_IMAGE '^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$' \
  "an image pinned by digest (…@sha256:<64 hex digits>; docs/deploy.md shows how to resolve the tag)"
check INFERENCE_CLIENT_CIDR '^([0-9]{1,3}\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$' "an IPv4 CIDR such as 10.0.0.0/16"
check MONITORING_NAMESPACE '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' "a namespace name"
check TRITON_TARGET_REQUESTS_PER_SECOND '^[0-9]+(\.[0-9]+)?$' "a positive number (two thirds of one pod's measured capacity)"
if [[ $relative == overlays/alb* ]]; then
  check ALB_CERTIFICATE_ARN '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$' "an ACM certificate ARN"
  check WAF_WEB_ACL_ARN '^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[0-9a-f-]+$' \
    "a regional WAFv2 Web ACL ARN (the stack's output)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R deploy/k8s "$work/k8s"
rm -f "$work/k8s/base/site.env"
cp "$site" "$work/k8s/base/site.env"
kubectl kustomize "$work/k8s/$relative" > "$work/rendered.yaml" || fail "kustomize failed on $target"

# Every image of every container, init container and ephemeral container: by digest only.
unpinned=$(grep -E '^\s*(- )?image:' "$work/rendered.yaml" | grep -Ev '@sha256:[0-9a-f]{64}\s*$' || true)
[ -z "$unpinned" ] || fail "images not pinned by digest:
$unpinned"
cat "$work/rendered.yaml"
