#!/usr/bin/env bash
# `npm start`: try CORS Inspector on the bundled demo in a real VS Code.
# Builds the extension, makes sure code-server is installed, starts the demo
# API (127.0.0.1:3001, restarted when you edit it) and page (localhost:5173),
# and code-server with this repository loaded as the extension under
# development and demo/ as the workspace (its settings point the inspector,
# port 4001, at the demo API and start it automatically).
# Runs in the foreground; Ctrl-C stops everything it started.
# Env: CODE_PORT (default 8080), API_PORT/WEB_PORT are fixed by demo/.vscode/settings.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { echo "[start] $*"; }

port_free() {
  node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close(()=>process.exit(0)))' "$1"
}
for p in 3001 5173 4001; do
  port_free "$p" || { echo "[start] port $p is in use (the demo needs 3001, 5173 and 4001 free)" >&2; exit 1; }
done
CODE_PORT=${CODE_PORT:-8080}
if ! port_free "$CODE_PORT"; then
  CODE_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
fi

say "building the extension"
node esbuild.js

if ! node -e 'process.exit(require("./test/vscode/support/code-server").isCodeServerInstalled() ? 0 : 1)'; then
  say "code-server is not installed yet: installing it (about 1-2 minutes, once)"
  bash scripts/setup-code-server.sh
fi

STATE="$ROOT/.tools/start"
mkdir -p "$STATE/user-data" "$STATE/extensions" "$STATE/config"
node -e 'require("./test/vscode/support/code-server").writeUserSettings(process.argv[1], { "workbench.colorTheme": "Default Dark Modern" })' "$STATE/user-data"

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  say "stopping"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# Each in its own process group (set -m) so cleanup reaches their children.
set -m
node --watch "$ROOT/demo/api/server.js" > "$STATE/api.log" 2>&1 & pids+=($!)
API_BASE=http://localhost:4001 node "$ROOT/demo/web/server.js" > "$STATE/web.log" 2>&1 & pids+=($!)
XDG_CONFIG_HOME="$STATE/config" node "$ROOT/.tools/code-server/node_modules/code-server/out/node/entry.js" \
  --auth none --bind-addr "127.0.0.1:$CODE_PORT" \
  --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  > "$STATE/code-server.log" 2>&1 & pids+=($!)
set +m

healthy() {
  node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' \
    "http://127.0.0.1:$CODE_PORT/healthz"
}
for _ in $(seq 1 120); do
  healthy && break
  sleep 0.5
done
healthy || { say "code-server did not start; see $STATE/code-server.log"; exit 1; }

URL=$(node -e '
  const cs = require("./test/vscode/support/code-server");
  console.log(cs.workbenchUrl(process.argv[1], { folder: process.argv[2], extensionDevelopmentPath: process.argv[3] }));
' "http://127.0.0.1:$CODE_PORT" "$ROOT/demo" "$ROOT")

cat <<EOF

  CORS Inspector demo is running.

  1. Open VS Code (code-server) in your browser:
       $URL
     The inspector starts by itself on http://localhost:4001 (status bar: CORS).
  2. Open the demo page and press "Run all":
       http://localhost:5173
  3. The CORS Inspector panel lists each exchange; click a red one to see
     why Chromium blocked it and which header to fix in demo/api/server.js
     (the API restarts when you save it).

  Logs: $STATE/*.log        Stop: Ctrl-C

EOF
wait
