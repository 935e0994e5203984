// Finds the code-server that test/e2e/install.sh installed and runs it against throwaway folders.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToCompletion, sandboxTagVariable, spawnGroup } from './process-group.mjs';

export const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(e2eDir, '../..');

const serverStartTimeoutMs = 60_000;
const keepSandboxes = process.env.CODE_INDEX_E2E_KEEP_SANDBOX === '1';

// Sandboxes not yet removed when the process exits (a crash, a signal) go then. This 'exit' handler is
// registered after process-group.mjs's, so the processes writing into them are already dead.
const liveSandboxes = new Set();
process.on('exit', () => {
  if (keepSandboxes) return;
  for (const root of liveSandboxes) rmSync(root, { recursive: true, force: true });
});

// Quiet defaults: no welcome page, trust prompt, tips, recommendations or update checks in the screenshots.
const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.reduceMotion': 'on',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
};

/**
 * The code-server version the tests use: $CODE_INDEX_E2E_VERSION, else $CODE_INDEX_CODE_SERVER_VERSION
 * (install.sh's variable), else test/e2e/code-server.json.
 */
export function codeServerVersion() {
  return (
    process.env.CODE_INDEX_E2E_VERSION ||
    process.env.CODE_INDEX_CODE_SERVER_VERSION ||
    JSON.parse(readFileSync(join(e2eDir, 'code-server.json'), 'utf8')).version
  );
}

/** Whether this is a CI run (CI set, as CI services and .ci/run do, and not "false" or "0"). */
export function isCI() {
  const value = process.env.CI;
  return Boolean(value) && value !== 'false' && value !== '0';
}

/**
 * What a test file should do about code-server `version`: { install } when it is installed; otherwise
 * { skip: reason } on a developer's machine, or { missing: reason } in CI, where test/e2e/run.sh
 * installs it first, so its absence is a failure and never a silent skip.
 */
export function codeServerForTests(version = codeServerVersion()) {
  const install = locateCodeServer(version);
  if (install) return { install };
  const home = process.env.CODE_INDEX_E2E_HOME ? `CODE_INDEX_E2E_HOME=${e2eHome()} ` : '';
  const reason = `code-server ${version} is not installed under ${e2eHome()}; run: ${home}bash test/e2e/install.sh ${version}`;
  return isCI() ? { missing: `${reason} (CI is set, so the end-to-end tests must run)` } : { skip: reason };
}

export function e2eHome() {
  return process.env.CODE_INDEX_E2E_HOME ?? join(homedir(), '.cache', 'code-index-e2e');
}

/**
 * The install that install.sh recorded, as { version, node, entry, seconds }, or null when that version is
 * not installed (so callers can skip with a clear message).
 */
export function locateCodeServer(version = codeServerVersion()) {
  const marker = join(e2eHome(), `code-server-${version}`, 'install.json');
  if (!existsSync(marker)) return null;
  const install = JSON.parse(readFileSync(marker, 'utf8'));
  if (!existsSync(install.node) || !existsSync(install.entry)) return null;
  return install;
}

/**
 * One line naming the code-server `version`, where it is installed and the Node that runs it, for the
 * test output: code-server starts its extension host (and so our language server) on that same Node.
 */
export function describeCodeServer(version = codeServerVersion()) {
  const install = locateCodeServer(version);
  if (!install) return `code-server ${version}: not installed under ${e2eHome()}`;
  const node = execFileSync(install.node, ['-p', '`${process.version} (NODE_MODULE_VERSION ${process.versions.modules})`'], {
    encoding: 'utf8',
  }).trim();
  return `code-server ${version} in ${join(e2eHome(), `code-server-${version}`)}, on Node ${node} from ${install.node}`;
}

export function requireCodeServer(version = codeServerVersion()) {
  const install = locateCodeServer(version);
  if (!install) {
    throw new Error(`code-server ${version} is not installed under ${e2eHome()}: run test/e2e/install.sh ${version}`);
  }
  return install;
}

/**
 * A temp folder holding everything one VS Code session writes: user data, extensions, code-server's
 * XDG config/data and the browser profile. remove() deletes it.
 */
export async function createSandbox(label, settings = {}) {
  const root = await mkdtemp(join(tmpdir(), `code-index-e2e-${label}-`));
  const sandbox = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    browserProfileDir: join(root, 'chromium-profile'),
    homeDir: join(root, 'home'),
    // CODE_INDEX_E2E_KEEP_SANDBOX=1 keeps it, with VS Code's logs under user-data/logs, for a post-mortem.
    remove: async () => {
      liveSandboxes.delete(root);
      if (keepSandboxes) console.error(`e2e: kept sandbox ${root}`);
      else await rm(root, { recursive: true, force: true });
    },
  };
  liveSandboxes.add(root);
  await mkdir(join(sandbox.userDataDir, 'User'), { recursive: true });
  await mkdir(sandbox.extensionsDir, { recursive: true });
  await mkdir(sandbox.homeDir, { recursive: true });
  await writeFile(join(sandbox.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
  return sandbox;
}

function codeServerArgs(install, sandbox) {
  return [
    install.entry,
    '--user-data-dir',
    sandbox.userDataDir,
    '--extensions-dir',
    sandbox.extensionsDir,
    '--config',
    join(sandbox.root, 'config.yaml'),
  ];
}

// code-server and the extensions it hosts write under $HOME and the XDG folders (config, logs, caches
// such as TypeScript's): point them all into the sandbox. An empty EXTENSIONS_GALLERY turns off the
// marketplace (open-vsx.org by default), so the tests stay offline.
function codeServerEnv(sandbox) {
  return {
    ...process.env,
    HOME: sandbox.homeDir,
    XDG_CACHE_HOME: join(sandbox.root, 'xdg-cache'),
    XDG_CONFIG_HOME: join(sandbox.root, 'xdg-config'),
    XDG_DATA_HOME: join(sandbox.root, 'xdg-data'),
    EXTENSIONS_GALLERY: '{}',
    [sandboxTagVariable]: sandbox.root,
  };
}

/** Installs a .vsix into the sandbox's extensions folder with code-server's own CLI. */
export async function installExtension(install, sandbox, vsixPath) {
  const { code, output } = await runToCompletion(
    install.node,
    [...codeServerArgs(install, sandbox), '--force', '--install-extension', resolve(vsixPath)],
    { env: codeServerEnv(sandbox) },
  );
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${code}):\n${output}`);
  }
  return output;
}

/**
 * Starts code-server on a free loopback port (the kernel picks it: --bind-addr 127.0.0.1:0), opening
 * `workspace` by default, and resolves once it listens. Returns { url, pgid, output(), stop() }.
 */
export async function startCodeServer(install, sandbox, { workspace } = {}) {
  const group = await spawnGroup(
    install.node,
    [
      ...codeServerArgs(install, sandbox),
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(workspace ? [resolve(workspace)] : []),
    ],
    { env: codeServerEnv(sandbox), cwd: sandbox.root },
  );
  try {
    const [, url] = await group.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//, serverStartTimeoutMs);
    return { url, pgid: group.child.pid, output: group.output, stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}
