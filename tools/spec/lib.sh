# Shared helpers for the tools/spec/*.sh scripts. Source it; do not run it.
# Callers run from the repository root (the scripts cd there themselves).

SPEC_TOOLS_DIR=tools/spec
SPEC_BIN=$SPEC_TOOLS_DIR/node_modules/.bin
export REDOCLY_TELEMETRY=off        # redocly otherwise does a telemetry lookup that costs ~1.3 s offline
export NO_UPDATE_NOTIFIER=1

# Install the pinned npm tools when node_modules is missing or older than the lockfile.
ensure_spec_tools() {
  local marker=$SPEC_TOOLS_DIR/node_modules/.package-lock.json
  if [[ ! -f $marker || $SPEC_TOOLS_DIR/package-lock.json -nt $marker ]]; then
    echo "npm ci --prefix $SPEC_TOOLS_DIR"
    local t0=$SECONDS
    npm ci --prefix "$SPEC_TOOLS_DIR" --no-audit --no-fund --loglevel=error
    echo "npm ci took $((SECONDS - t0)) s"
  fi
}

# Current time in milliseconds (for per-step timings).
now_ms() { date +%s%3N; }
