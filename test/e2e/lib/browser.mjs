// Launches Debian's Chromium through playwright-core with a fresh profile.
import { chromium } from 'playwright-core';
import { sandboxTagVariable } from './process-group.mjs';

export const viewport = { width: 1280, height: 800 };

const chromiumArgs = [
  '--headless',
  '--no-sandbox', // we run as root, where Chromium's sandbox refuses to start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Only loopback resolves: whatever the workbench tries to fetch from the internet fails fast, offline.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Opens a persistent context on `profileDir` (a fresh folder: its --user-data-dir), so the profile lives
 * in the test's sandbox and goes with it. `sandboxTag` marks Chromium's processes (see
 * processesTaggedWith). Returns the playwright BrowserContext.
 */
export async function launchChromium(profileDir, { sandboxTag } = {}) {
  const executablePath = process.env.CODE_INDEX_E2E_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: chromiumArgs,
    viewport,
    timeout: 60_000,
    env: sandboxTag ? { ...process.env, [sandboxTagVariable]: sandboxTag } : process.env,
  });
}
