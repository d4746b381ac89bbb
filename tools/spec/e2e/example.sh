#!/usr/bin/env bash
# The README's curl example: sign Data Flow requests with openssl and send them with curl, against
# `dataflow fake-server` (or the real gateway). `make ts-test` runs it and checks what it prints.
#   DATAFLOW_URL=http://127.0.0.1:PORT NCLOUD_ACCESS_KEY_ID=... NCLOUD_SECRET_ACCESS_KEY=... example.sh
set -euo pipefail
url=$DATAFLOW_URL ak=$NCLOUD_ACCESS_KEY_ID sk=$NCLOUD_SECRET_ACCESS_KEY

# signed [--secret S] METHOD PATH [curl args...]: one signed request; prints the HTTP status.
signed() {
  local secret=$sk
  if [[ $1 == --secret ]]; then secret=$2; shift 2; fi
  local method=$1 path=$2 ts sig
  shift 2
  ts=$(date +%s%3N) # Unix epoch milliseconds (GNU date)
  sig=$(printf '%s' "$method $path"$'\n'"$ts"$'\n'"$ak" | openssl dgst -sha256 -hmac "$secret" -binary | base64)
  curl -sS -o /dev/null -w '%{http_code}\n' -X "$method" "$@" \
    -H "x-ncp-apigw-timestamp: $ts" -H "x-ncp-iam-access-key: $ak" -H "x-ncp-apigw-signature-v2: $sig" \
    "$url$path"
}

options='{"jobCondition":{"nrn":"nrn:PUB:IAM::2706412:Role/etl","scriptPath":"bucket/scripts/","logPath":"bucket/logs/","numWorker":4}}'
echo "list jobs: $(signed GET /api/v1/jobs)"
echo "edit execution options: $(signed PUT /api/v1/jobs/gqigvHa1b2c3/executions --json "$options")"
echo "wrong signature: $(signed --secret wrong GET /api/v1/jobs)"
echo "numWorker 11: $(signed PUT /api/v1/jobs/gqigvHa1b2c3/executions --json "${options/\"numWorker\":4/\"numWorker\":11}")"
# The admin API is unsigned.
curl -sS -o /dev/null --json '{"status":503,"count":1,"operation":"getJobs"}' "$url/_fake/faults"
echo "after injecting a 503: $(signed GET /api/v1/jobs), then $(signed GET /api/v1/jobs)"
