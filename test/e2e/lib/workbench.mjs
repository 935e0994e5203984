// Drives the VS Code workbench in a page the way a person would: keys, the quick pick, what is on screen.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';

export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

const readyTimeoutMs = 90_000;
const uiTimeoutMs = 30_000;

const selectors = {
  statusBar: '.monaco-workbench .part.statusbar',
  statusBarItem: '.monaco-workbench .part.statusbar .statusbar-item',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  notificationMessage: '.notifications-toasts .notification-list-item-message',
  activeTab: '.editor-group-container.active .tabs-container .tab.active',
  cursorPosition: '.monaco-workbench .part.statusbar #status\\.editor\\.selection',
};

const cursorPattern = /Ln (\d+), Col (\d+)/;

export class Workbench {
  /** `page` is a playwright Page; `consoleLines` collects what the page logs (see output()). */
  constructor(page) {
    this.page = page;
    this.consoleLines = [];
    page.on('console', (message) => this.consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.consoleLines.push(`[pageerror] ${error.message}`));
    page.on('requestfailed', (request) => this.consoleLines.push(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}`));
  }

  /** Opens `url` and waits until the workbench is usable (folder listed when one was given). */
  async open(url, { expectFolder = true } = {}) {
    await this.page.goto(url);
    await this.waitUntilReady({ expectFolder });
  }

  async waitUntilReady({ expectFolder = true } = {}) {
    const options = { state: 'visible', timeout: readyTimeoutMs };
    await this.page.waitForSelector(selectors.statusBar, options);
    // The folder's files come from code-server's server side: once the explorer lists them, the window
    // is connected and the remote extension host is starting.
    if (expectFolder) await this.page.waitForSelector(selectors.explorerRow, options);
  }

  output() {
    return this.consoleLines.join('\n');
  }

  /** Saves a PNG of the whole window into test-results/e2e/<name>.png and returns its path. */
  async screenshot(name) {
    await mkdir(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    // Finishes CSS transitions first: a toast caught sliding in shows as an empty box.
    await this.page.screenshot({ path, animations: 'disabled' });
    return path;
  }

  // ---- the quick pick ----

  async quickPickIsOpen() {
    return this.page.locator(selectors.quickInput).isVisible();
  }

  /** Opens the command palette (F1), types `title` and presses Enter once that command is the first row. */
  async runCommand(title, options = {}) {
    await this.pickWith('F1', title, (item) => item.label === title, options);
  }

  /**
   * Opens a quick pick with `keys` (F1, Control+P, Control+T...), enters `text`, waits for the first row to
   * satisfy `match` (a label string, a RegExp on label or aria-label, or a predicate) and presses Enter.
   * Returns that row.
   *
   * A provider that was not ready when the query ran (symbols before the language server has loaded the
   * project) never refreshes its answer, and file search can stay stuck on a cancelled cache fill until
   * the picker closes; so while nothing matches, the picker is closed and the query asked again, as a
   * person would. `screenshot` names a screenshot taken with the matching row on screen, before Enter.
   */
  async pickWith(keys, text, match, { screenshot, timeoutMs = 2 * uiTimeoutMs, attemptMs = 10_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      await this.page.keyboard.press(keys);
      await this.page.waitForSelector(selectors.quickInputBox, { state: 'visible', timeout: uiTimeoutMs });
      await this.typeInQuickPick(text);
      try {
        const item = await this.waitForFirstQuickPickItem(match, `a first row matching ${match} for "${text}"`,
          Math.min(attemptMs, deadline - Date.now()));
        if (screenshot) await this.screenshot(screenshot);
        await this.page.keyboard.press('Enter');
        await this.waitForQuickPickClosed();
        return item;
      } catch (error) {
        lastError = error;
        await this.closeQuickPick();
      }
    }
    throw lastError;
  }

  /**
   * Enters text into the open quick pick, after what is there (the '>' or '#' it opened with) or, with
   * `replace`, instead of it. The text goes in as one input event, like a paste: typing it key by key
   * makes the picker start and cancel a query per key.
   */
  async typeInQuickPick(text, { replace = false } = {}) {
    const box = this.page.locator(selectors.quickInputBox);
    await box.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    if (replace) await box.fill('');
    await this.page.keyboard.insertText(text);
  }

  /** The rendered rows of the open quick pick: [{ label, description, detail, ariaLabel, focused }]. */
  async quickPickItems() {
    return this.page.$$eval(selectors.quickInputRow, (rows) => rows
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((row) => ({
        label: row.querySelector('.quick-input-list-row .label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        detail: row.querySelector('.quick-input-list-label-meta .label-name')?.textContent?.trim() ?? '',
        ariaLabel: row.getAttribute('aria-label') ?? '',
        focused: row.classList.contains('focused'),
      })));
  }

  /** Waits (on DOM changes) for the first quick pick row to satisfy `match` and returns the rows. */
  async waitForFirstQuickPickItem(match, what = 'the expected first row', timeoutMs = uiTimeoutMs) {
    const predicate = toPredicate(match);
    const deadline = Date.now() + timeoutMs;
    let items = [];
    while (Date.now() < deadline) {
      items = await this.quickPickItems();
      if (items.length > 0 && predicate(items[0])) return items[0];
      await this.page.waitForFunction(
        ([selector, before]) => JSON.stringify([...document.querySelectorAll(selector)].map((row) => row.getAttribute('aria-label'))) !== before,
        [selectors.quickInputRow, JSON.stringify(items.map((item) => item.ariaLabel))],
        { timeout: Math.max(1, deadline - Date.now()), polling: 'raf' },
      ).catch(() => undefined);
    }
    throw new Error(`quick pick never showed ${what}; rows were:\n${items.map((item) => `  ${item.ariaLabel}`).join('\n')}`);
  }

  async waitForQuickPickClosed() {
    await this.page.waitForSelector(selectors.quickInput, { state: 'hidden', timeout: uiTimeoutMs });
  }

  async closeQuickPick() {
    if (await this.quickPickIsOpen()) {
      await this.page.keyboard.press('Escape');
      await this.waitForQuickPickClosed();
    }
  }

  // ---- what is on screen ----

  /** Status bar entries as [{ id, text }] (ids like 'status.editor.selection'). */
  async statusBarItems() {
    return this.page.$$eval(selectors.statusBarItem, (items) => items.map((item) => ({
      id: item.id,
      text: item.innerText.replace(/\s+/g, ' ').trim(),
    })));
  }

  async statusBarText() {
    return (await this.statusBarItems()).map((item) => item.text).filter(Boolean).join(' | ');
  }

  async waitForStatusBarText(match) {
    const source = match instanceof RegExp ? match.source : escapeRegExp(match);
    const flags = match instanceof RegExp ? match.flags : '';
    await this.page.waitForFunction(([selector, pattern, patternFlags]) => {
      const re = new RegExp(pattern, patternFlags);
      return [...document.querySelectorAll(selector)].some((item) => re.test(item.innerText));
    }, [selectors.statusBarItem, source, flags], { timeout: uiTimeoutMs });
  }

  /** Texts of the notification toasts on screen. */
  async notifications() {
    return this.page.$$eval(selectors.notificationMessage, (messages) => messages.map((m) => m.textContent.trim()));
  }

  async waitForNotification(match) {
    const locator = this.page.locator(selectors.notificationMessage, { hasText: match }).first();
    await locator.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    return (await locator.textContent()).trim();
  }

  /** The active editor as { fileName, line, column }, or null when no editor is open. */
  async activeEditor() {
    const tab = this.page.locator(selectors.activeTab).first();
    if (!(await tab.count())) return null;
    const fileName = (await tab.locator('.label-name').first().textContent()).trim();
    const position = this.page.locator(selectors.cursorPosition);
    const match = (await position.count()) ? cursorPattern.exec(await position.innerText()) : null;
    return { fileName, line: match ? Number(match[1]) : null, column: match ? Number(match[2]) : null };
  }

  /** Waits for the active editor to show `fileName` (and `line`, when given) and returns activeEditor(). */
  async waitForActiveEditor({ fileName, line }) {
    await this.page.waitForFunction(([tabSelector, positionSelector, name, wantedLine]) => {
      const label = document.querySelector(`${tabSelector} .label-name`)?.textContent?.trim();
      if (label !== name) return false;
      if (wantedLine === null) return true;
      const match = /Ln (\d+),/.exec(document.querySelector(positionSelector)?.innerText ?? '');
      return match !== null && Number(match[1]) === wantedLine;
    }, [selectors.activeTab, selectors.cursorPosition, fileName, line ?? null], { timeout: uiTimeoutMs });
    return this.activeEditor();
  }
}

function toPredicate(match) {
  if (typeof match === 'function') return match;
  if (match instanceof RegExp) return (item) => match.test(item.label) || match.test(item.ariaLabel);
  return (item) => item.label === match;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
