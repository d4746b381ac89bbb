#!/usr/bin/env bash
# Runs the soak test (soak_test.go, build tag soak): 20,000 calls from 50
# goroutines through dataflow.New against dataflowtest while the fake injects
# random faults. It prints its counts and stops by itself (bounded calls,
# a 4-minute context, a 5-minute test timeout). `make soak`.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go test -tags soak -run '^TestSoak$' -count=1 -timeout 5m -v .
