#!/usr/bin/env bash
# Installs a real VS Code (code-server, which bundles VS Code 1.100.3 and runs on
# Node 20) into .tools/code-server, from the npm registry only.
#
# code-server's own postinstall downloads nothing we cannot get, but it runs
# things we must do by hand so every step stays within the npm registry:
# production deps of the bundled VS Code, rebuilds of its native modules, the
# Debian ripgrep binary in place of the downloaded one, and the asar symlink.
#
# Idempotent: a stamp file records the finished version; a second run is a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.100.3
ROOT="$PWD/.tools/code-server"
PKG="$ROOT/node_modules/code-server"
STAMP="$ROOT/.installed-$VERSION"

if [ -f "$STAMP" ] && [ -f "$PKG/out/node/entry.js" ]; then
  echo "setup-code-server: code-server $VERSION already installed ($ROOT)"
  exit 0
fi

start=$(date +%s)
step() { echo "setup-code-server: [$(( $(date +%s) - start ))s] $*"; }
# Native builds must not fight the other engineers / CI steps for the 2 cores.
export JOBS=2 npm_config_jobs=2
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# node-gyp must build against the local Node headers: it cannot download them here.
if [ -z "${npm_config_nodedir:-}" ] && ! npm config get nodedir 2>/dev/null | grep -q '^/' && [ -f /usr/include/node/common.gypi ]; then
  export npm_config_nodedir=/usr
fi

command -v rg >/dev/null || { echo "setup-code-server: ripgrep (/usr/bin/rg) is missing: apt-get install ripgrep" >&2; exit 1; }

rm -f "$ROOT"/.installed-*
mkdir -p "$ROOT"
if [ ! -f "$ROOT/package.json" ]; then
  echo '{ "name": "cors-inspector-tools", "private": true }' > "$ROOT/package.json"
fi

step "installing code-server@$VERSION from npm (scripts skipped)"
npm install --prefix "$ROOT" --no-save --ignore-scripts --loglevel=error "code-server@$VERSION"

step "installing VS Code's production dependencies (lib/vscode)"
(cd "$PKG/lib/vscode" && npm install --omit=dev --ignore-scripts --loglevel=error)

step "rebuilding VS Code's native modules (this is the slow part)"
(cd "$PKG/lib/vscode" && npm rebuild --loglevel=error @parcel/watcher @vscode/spdlog node-pty native-watchdog @vscode/deviceid kerberos)

step "using Debian's ripgrep"
mkdir -p "$PKG/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp -f "$(command -v rg)" "$PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

step "linking node_modules.asar"
ln -sfn node_modules "$PKG/lib/vscode/node_modules.asar"

step "installing the built-in extensions' dependencies"
(cd "$PKG/lib/vscode/extensions" && npm install --omit=dev --ignore-scripts --loglevel=error)

step "rebuilding argon2"
(cd "$ROOT" && npm rebuild --loglevel=error argon2)

step "checking it starts"
XDG_CONFIG_HOME="$ROOT/.config" "$ROOT/node_modules/.bin/code-server" --version

touch "$STAMP"
step "done: $ROOT/node_modules/.bin/code-server"
