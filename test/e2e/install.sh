#!/usr/bin/env bash
# Installs what the end-to-end tests drive: Debian's Chromium and ripgrep, and code-server from npm into
# a prefix outside the repo. Idempotent and non-interactive; safe to run on every CI run.
#
# Usage: test/e2e/install.sh [code-server-version]
#   version: $1, else $CODE_INDEX_CODE_SERVER_VERSION, else test/e2e/code-server.json
#   prefix:  ${CODE_INDEX_E2E_HOME:-$HOME/.cache/code-index-e2e}/code-server-<version>
# A code-server whose engines.node names another Node major (4.117.0 wants 22) gets that Node from the
# npm `node@<major>` package; for 22 it is test/run-on-node22.sh's (one Node 22 for every Node 22 tier),
# for another major one installed beside the prefix. install.json in the prefix records which node to run.
# Only the native modules that code-server's server and extension host load are built (see below).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${1:-${CODE_INDEX_CODE_SERVER_VERSION:-$(node -p "require('$here/code-server.json').version")}}"
e2e_home="${CODE_INDEX_E2E_HOME:-$HOME/.cache/code-index-e2e}"
prefix="$e2e_home/code-server-$version"
package_dir="$prefix/lib/node_modules/code-server"
marker="$prefix/install.json"
started=$SECONDS

log() { printf '[e2e-install +%ss] %s\n' "$((SECONDS - started))" "$*"; }

if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "install.sh: code-server version '$version' is not of the form X.Y.Z" >&2
  exit 2
fi

install_apt_packages() {
  # build-essential, pkg-config and python3 build code-server's native modules (node-gyp); ripgrep
  # replaces @vscode/ripgrep's GitHub download. (No libkrb5-dev: the kerberos module is not built.)
  local wanted=(chromium ripgrep build-essential pkg-config python3 fonts-liberation)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  # python3 from elsewhere (pyenv) serves node-gyp just as well.
  if [[ " ${missing[*]} " == *" python3 "* ]] && command -v python3 >/dev/null; then
    missing=("${missing[@]/python3/}")
  fi
  missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
  if ((${#missing[@]} == 0)); then
    log "apt packages already installed"
    return
  fi
  log "apt-get install ${missing[*]}"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# Prints the bin folder of a Node whose major matches what this code-server wants, installing it if needed.
# The npm `node` package links bin/node to a full Node distribution (bin/, include/ with the headers
# node-gyp needs) in its node-<os>-<arch> dependency: that distribution's bin is what we use.
node_bin_dir_for() {
  local wanted_major="$1"
  local current_major
  current_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [[ "$current_major" == "$wanted_major" ]]; then
    dirname "$(readlink -f "$(command -v node)")"
    return
  fi
  if [[ "$wanted_major" == 22 ]]; then
    bash "$here/../run-on-node22.sh" --install
    return
  fi
  local node_prefix="$e2e_home/node-$wanted_major"
  local dist_glob="$node_prefix/node_modules/node/node_modules/node-$(uname -s | tr '[:upper:]' '[:lower:]')-*"
  if ! compgen -G "$dist_glob/bin/node" >/dev/null; then
    log "installing node@$wanted_major from npm into $node_prefix" >&2
    mkdir -p "$node_prefix"
    npm install --prefix "$node_prefix" --no-save --no-package-lock --no-audit --no-fund "node@$wanted_major" </dev/null >&2
  fi
  local dist
  dist="$(compgen -G "$dist_glob" | head -n1)"
  [[ -x "$dist/bin/node" ]] || { echo "install.sh: npm's node@$wanted_major left no $dist_glob/bin/node" >&2; exit 1; }
  echo "$dist/bin"
}

if [[ -f "$marker" ]] && [[ -x "$(node -p "require('$marker').node" 2>/dev/null)" ]]; then
  install_apt_packages
  log "code-server $version already installed in $prefix"
  exit 0
fi

install_apt_packages

# Run npm away from any project: a repo's .npmrc must not steer this install.
mkdir -p "$e2e_home"
cd "$e2e_home"

engines_node="$(npm view "code-server@$version" engines.node </dev/null)"
node_major="$(grep -oE '[0-9]+' <<<"$engines_node" | head -n1)"
node_dir="$(node_bin_dir_for "$node_major")"
export PATH="$node_dir:$PATH"
log "code-server $version wants node $engines_node; using $(node -v) from $node_dir"

# node-gyp must find headers locally (it would download them otherwise): a Node install keeps them
# in <prefix>/include/node.
node_root="$(dirname "$node_dir")"
if [[ -f "$node_root/include/node/node.h" ]]; then
  export npm_config_nodedir="$node_root"
fi
export CI=true
export npm_config_yes=true               # node-pty's postinstall runs `npx node-gyp`
export npm_config_unsafe_perm=true       # code-server's postinstall refuses to run as root without it
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export JOBS=max                          # node-gyp: one compiler per core within each module

rm -rf "$prefix"
mkdir -p "$prefix"
log "npm install -g code-server@$version (scripts off)"
npm install --global --prefix "$prefix" --ignore-scripts "code-server@$version" </dev/null

# argon2 0.40 and later ship prebuilt Node-API binaries in the npm package (node-gyp-build loads them);
# older ones (0.31 in 4.100.3) would download one from GitHub (node-pre-gyp), so those build from source.
if [[ -d "$package_dir/node_modules/argon2/prebuilds" ]]; then
  log "argon2 (code-server's own native module): its prebuilt binary"
  (cd "$package_dir" && npm rebuild argon2 </dev/null)
else
  log "building argon2 (code-server's own native module) from source"
  (cd "$package_dir" && npm_config_build_from_source=true npm rebuild argon2 </dev/null)
fi

# code-server's postinstall installs VS Code's dependencies with a nested `npm install`; run it with
# scripts off, so @vscode/ripgrep does not try to download its binary, then build the rest ourselves.
log "running code-server's postinstall with scripts off"
(
  cd "$package_dir"
  npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" npm_config_ignore_scripts=true \
    sh ./postinstall.sh </dev/null
)

vscode_dir="$package_dir/lib/vscode"
rg_bin_dir="$vscode_dir/node_modules/@vscode/ripgrep/bin"
mkdir -p "$rg_bin_dir"
ln -sf "$(command -v rg)" "$rg_bin_dir/rg"

# Native modules the server and the extension host never load here, with why; each would cost a build.
# Everything else installed here with an install script (npm-shrinkwrap.json's hasInstallScript; it also
# lists Windows-only optional packages npm left out) is built or, where its npm package ships a prebuilt
# binary for linux-x64 (@parcel/watcher, node-pty 1.2), takes that one.
skipped_modules=(
  @vscode/sqlite3  # only the agent host, started only with --agent-host-port/-path (4.117.0: 105 s)
  kerberos         # imported only to answer a proxy's Kerberos challenge (13 s)
  ssh2             # its crypto binding is optional: ssh2 falls back to JavaScript (5 s)
  @vscode/deviceid @vscode/windows-process-tree @vscode/windows-registry  # Windows-only sources
)
mapfile -t built_modules < <(cd "$vscode_dir" && node -e '
  const { packages } = require(process.argv[1]);
  const skipped = new Set(process.argv.slice(2));
  const names = Object.entries(packages)
    .filter(([path, entry]) => entry.hasInstallScript && require("fs").existsSync(path))
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  console.log([...new Set(names)].filter((name) => !skipped.has(name)).join("\n"));
' ./npm-shrinkwrap.json "${skipped_modules[@]}")
log "building VS Code's native modules: ${built_modules[*]} (skipped: ${skipped_modules[*]})"
(cd "$vscode_dir" && npm rebuild "${built_modules[@]}" </dev/null)
(cd "$vscode_dir/extensions" && npm run --if-present postinstall </dev/null >/dev/null)

# A module that did not build, or a prebuilt binary this Node cannot load, fails here rather than as a
# dead terminal or file watcher in the middle of a test.
log "loading them with $(node -v)"
(cd "$vscode_dir" && node -e '
  for (const name of process.argv.slice(1)) {
    if (name === "@vscode/ripgrep") continue; // a path to Debian'"'"'s rg, no addon
    require(name);
  }
' "${built_modules[@]}")

node_path="$node_dir/node"
# code-server writes a config file and logs under XDG folders even for --version: keep them out of $HOME.
scratch="$(mktemp -d)"
XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$node_path" "$package_dir/out/node/entry.js" --version >/dev/null
rm -rf "$scratch"
cat >"$marker" <<JSON
{
  "version": "$version",
  "node": "$node_path",
  "entry": "$package_dir/out/node/entry.js",
  "seconds": $((SECONDS - started))
}
JSON
log "code-server $version installed in $prefix ($((SECONDS - started)) s)"
