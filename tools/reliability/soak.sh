#!/usr/bin/env bash
# Runs the soak test (soak_test.go, build tag soak): 20,000 calls from 50
# goroutines through dataflow.New against dataflowtest while the fake injects
# random faults, then the fake-server soak below. Each prints its counts and
# stops by itself (bounded calls and contexts, a 5-minute test timeout).
# `make soak`.
set -euo pipefail
cd "$(dirname "$0")/../.."
go test -tags soak -run '^TestSoak$' -count=1 -timeout 5m -v .
# Then 50 clients against `dataflow fake-server` (over TCP, with injected
# 503s), 40 rounds each: every request recorded, every read back correct.
FAKE_SERVER_SOAK_ROUNDS=${FAKE_SERVER_SOAK_ROUNDS:-40} \
  go test -run '^TestFakeServerUnder50Clients$' -count=1 -timeout 5m -v ./cmd/dataflow
