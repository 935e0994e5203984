#!/usr/bin/env bash
# Runs the end-to-end tests (test/e2e/*.test.mjs, or the files given) in code-server driven by Chromium.
# In CI (CI set, and not "false" or "0") it runs install.sh first: on a fresh machine that installs
# Chromium and code-server (~2 min), afterwards it only checks them (0.3 s); the tests then fail rather
# than skip if code-server is still missing. Elsewhere nothing is installed unless CODE_INDEX_E2E_INSTALL=1,
# and without code-server the tests skip, naming the command that installs it.
#
# Usage: bash test/e2e/run.sh [test files...]     (npm run test:e2e)
#   CODE_INDEX_E2E_VERSION=4.117.0   the code-server version (default: test/e2e/code-server.json)
#   CODE_INDEX_E2E_HOME=<dir>        where install.sh put it (default: ~/.cache/code-index-e2e)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ci="${CI:-}"
if [[ -n "$ci" && "$ci" != false && "$ci" != 0 ]] || [[ "${CODE_INDEX_E2E_INSTALL:-}" == 1 ]]; then
  bash test/e2e/install.sh ${CODE_INDEX_E2E_VERSION:+"$CODE_INDEX_E2E_VERSION"}
fi

(($#)) || set -- test/e2e/*.test.mjs
# The extension and the server under test are dist/'s bundles: rebuilt first when a source is newer.
node --input-type=module -e "(await import('./test/helpers/fresh-build.mjs')).freshBuild()"
# Which code-server and which Node: the extension host, and our language server in it, run on that Node.
node --input-type=module -e "console.log('e2e: ' + (await import('./test/e2e/lib/code-server.mjs')).describeCodeServer())"
started=$SECONDS
status=0
node --test --test-concurrency=1 "$@" || status=$?
echo "e2e: $* took $((SECONDS - started)) s (exit $status); screenshots and logs in test-results/e2e/"
exit "$status"
