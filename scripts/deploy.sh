#!/usr/bin/env bash
# Deploys RadStream with one command (docs/deploy.md, "Deploy"):
#   package (scripts/package.sh) → artifacts bucket (created, private and encrypted, if missing)
#   → upload the six zips, the state machine and the template under a content-addressed prefix
#   → aws cloudformation deploy --s3-bucket/--s3-prefix (the template is over the 51,200-byte
#   inline limit, so it always travels through S3) → stack outputs and smoke-test commands.
#
# Usage: scripts/deploy.sh --parameters FILE [--dry-run] [--skip-package] [--artifacts-dir DIR]
#                          [--prefix PREFIX] [--no-execute] [--endpoint-url URL]
#   --parameters FILE   JSON: {"StackName", "Region" (optional), "ArtifactsBucket", "Parameters": {name: value}}
#                       (deploy/parameters.example.json); ArtifactsBucket/ArtifactsPrefix are set here.
#   --dry-run           print every command (shell-quoted) and call nothing: no build, no AWS
#   --skip-package      use the zips already in --artifacts-dir (default build/lambda)
#   --prefix PREFIX     artifacts key prefix ending in "/"; default <StackName>/<content hash>/
#   --no-execute        create the change set and stop (review it, then execute it yourself)
#   --endpoint-url URL  passed to every aws call (the tests point it at moto)
set -euo pipefail
cd "$(dirname "$0")/.."

functions=(StartStudy ValidateMetadata PrepareTensors RunInference StoreResults SendTelemetry)
template=deploy/template.yaml
definition=deploy/statemachine.asl.json
parameters_file="" dry_run=0 skip_package=0 execute=1 artifacts_dir=build/lambda prefix="" endpoint=""

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --parameters) parameters_file=${2:?--parameters needs a file}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --no-execute) execute=0; shift ;;
    --skip-package) skip_package=1; shift ;;
    --artifacts-dir) artifacts_dir=${2:?--artifacts-dir needs a folder}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a value}; shift 2 ;;
    --endpoint-url) endpoint=${2:?--endpoint-url needs a URL}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$parameters_file" ] || { echo "error: --parameters FILE is required (see deploy/parameters.example.json)" >&2; exit 2; }
[ -f "$parameters_file" ] || { echo "error: no parameters file $parameters_file" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to read $parameters_file" >&2; exit 2; }
[ "$dry_run" = 1 ] || command -v aws >/dev/null || {
  echo "error: the AWS CLI (aws) is not installed: pip install awscli, or see https://aws.amazon.com/cli/" >&2; exit 2; }

# The parameters file, read by Python's json module: one line per setting, a value with a
# newline or an "=" in its name is refused rather than mangled on the command line.
read_settings() {
  python3 - "$1" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as file:
    settings = json.load(file)
def fail(message):
    sys.stderr.write(f"error: {sys.argv[1]}: {message}\n")
    sys.exit(2)
for key in ("StackName", "ArtifactsBucket"):
    if not isinstance(settings.get(key), str) or not settings[key]:
        fail(f"{key} (a non-empty string) is required")
parameters = settings.get("Parameters", {})
if not isinstance(parameters, dict):
    fail("Parameters must be an object of name: value")
for name in ("ArtifactsBucket", "ArtifactsPrefix"):
    if name in parameters:
        fail(f"Parameters.{name} is set by scripts/deploy.sh; give ArtifactsBucket at the top level")
lines = ["stack " + settings["StackName"], "bucket " + settings["ArtifactsBucket"], "region " + settings.get("Region", "")]
for name, value in parameters.items():
    value = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    if "\n" in value or "=" in name or not name:
        fail(f"parameter {name!r}: names without '=', values on one line")
    lines.append(f"parameter {name}={value}")
print("\n".join(lines))  # all or nothing: a refused file prints no setting
PY
}
settings=$(read_settings "$parameters_file") || exit 2
stack="" bucket="" region="" overrides=()
while IFS= read -r line; do
  case "$line" in
    "stack "*) stack=${line#stack } ;;
    "bucket "*) bucket=${line#bucket } ;;
    "region "*) region=${line#region } ;;
    "parameter "*) overrides+=("${line#parameter }") ;;
  esac
done <<< "$settings"
[ -n "$stack" ] && [ -n "$bucket" ] || { echo "error: could not read $parameters_file" >&2; exit 2; }

aws_options=()
[ -z "$region" ] || aws_options+=(--region "$region")
if [ -n "$endpoint" ]; then
  # The environment variable, not only --endpoint-url: `cloudformation deploy` makes its own S3
  # client for the template upload, which sees the variable but not the option.
  echo "+ export AWS_ENDPOINT_URL=$endpoint"
  export AWS_ENDPOINT_URL=$endpoint
  aws_options+=(--endpoint-url "$endpoint")
fi

# run COMMAND...: prints the command shell-quoted; runs it unless --dry-run.
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  [ "$dry_run" = 1 ] || "$@"
}

echo "==> 1/5 package the functions"
if [ "$skip_package" = 1 ]; then
  echo "(--skip-package: using $artifacts_dir)"
else
  run scripts/package.sh "${functions[@]}"
fi
files=()
for function in "${functions[@]}"; do files+=("$artifacts_dir/$function.zip"); done
files+=("$definition" "$template")
if [ "$dry_run" = 0 ]; then
  for file in "${files[@]}"; do [ -f "$file" ] || { echo "error: $file is missing (run scripts/package.sh)" >&2; exit 1; }; done
fi

# One prefix per content: CloudFormation updates a function's code only when its S3 key changes,
# and the zips are reproducible (scripts/package.sh), so an unchanged build keeps its prefix.
if [ -z "$prefix" ]; then
  all_present=1
  for file in "${files[@]}"; do [ -f "$file" ] || all_present=0; done
  if [ "$all_present" = 1 ]; then
    prefix="$stack/$(cat "${files[@]}" | sha256sum | cut -c1-16)/"
  else
    # Only in --dry-run before a first build (the real run hashes the zips it just built):
    # the commit stands in, so the printed commands are ones AWS would accept.
    prefix="$stack/git-$(git rev-parse --short=16 HEAD 2>/dev/null || echo unknown)/"
    echo "(no zips in $artifacts_dir yet: the prefix shown names the commit; a real run uses the content hash)"
  fi
fi
case "$prefix" in */) ;; *) echo "error: --prefix must end in /" >&2; exit 2 ;; esac

echo "==> 2/5 artifacts bucket s3://$bucket"
if [ "$dry_run" = 1 ] || ! aws "${aws_options[@]}" s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
  # Created private, versioned and encrypted when missing; an existing bucket is used as is.
  [ "$dry_run" = 1 ] && echo "(created only if head-bucket fails:)"
  if [ -z "$region" ] || [ "$region" = us-east-1 ]; then
    run aws "${aws_options[@]}" s3api create-bucket --bucket "$bucket"
  else
    run aws "${aws_options[@]}" s3api create-bucket --bucket "$bucket" --create-bucket-configuration "LocationConstraint=$region"
  fi
  run aws "${aws_options[@]}" s3api put-public-access-block --bucket "$bucket" \
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
  run aws "${aws_options[@]}" s3api put-bucket-encryption --bucket "$bucket" \
    --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
  run aws "${aws_options[@]}" s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
fi

echo "==> 3/5 upload to s3://$bucket/$prefix"
# One staged folder and one recursive copy: one CLI process instead of eight.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for file in "${files[@]}"; do
  if [ "$dry_run" = 1 ]; then echo "  $file -> s3://$bucket/$prefix$(basename "$file")"; else cp "$file" "$stage/"; fi
done
run aws "${aws_options[@]}" s3 cp --recursive --only-show-errors "$stage" "s3://$bucket/$prefix"

echo "==> 4/5 cloudformation deploy $stack"
execute_options=()
[ "$execute" = 1 ] || execute_options=(--no-execute-changeset)
# --s3-bucket: the CLI uploads the template to <prefix><md5>.template and passes its URL, so
# the 51,200-byte inline limit does not apply (the S3 limit is 1 MB; Tests/DeployTests pins it).
run aws "${aws_options[@]}" cloudformation deploy \
  --stack-name "$stack" \
  --template-file "$template" \
  --s3-bucket "$bucket" --s3-prefix "${prefix%/}" \
  --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset \
  "${execute_options[@]}" \
  --parameter-overrides "ArtifactsBucket=$bucket" "ArtifactsPrefix=$prefix" "${overrides[@]}"

if [ "$execute" = 0 ]; then
  echo "==> 5/5 change set created, not executed: review it, then execute it"
  run aws "${aws_options[@]}" cloudformation list-change-sets --stack-name "$stack" \
    --query "Summaries[].[ChangeSetName,Status,ExecutionStatus]" --output text
  echo "  aws ${aws_options[*]} cloudformation describe-change-set --stack-name $stack --change-set-name NAME"
  echo "  aws ${aws_options[*]} cloudformation execute-change-set --stack-name $stack --change-set-name NAME"
  exit 0
fi

echo "==> 5/5 outputs"
run aws "${aws_options[@]}" cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output text

options="${aws_options[*]}"
cat <<EOF

Smoke test (docs/deploy.md, "Smoke test"):
  out() { aws $options cloudformation describe-stacks --stack-name $stack --query "Stacks[0].Outputs[?OutputKey=='\$1'].OutputValue" --output text; }
  IMAGES=\$(out ImagesBucketName)
  aws $options s3 cp film.jpg  s3://\$IMAGES/images/smoke/film.jpg
  aws $options s3 cp film.json s3://\$IMAGES/images/smoke/film.json --content-type application/json
  aws $options stepfunctions list-executions --state-machine-arn \$(out StateMachineArn) --max-items 1
  aws $options s3 ls s3://\$(out ResultsBucketName)/results/ --recursive
EOF
