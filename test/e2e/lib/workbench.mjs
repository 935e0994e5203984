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
  quickInputTitle: '.quick-input-widget .quick-input-titlebar .quick-input-title',
  quickInputButton: '.quick-input-widget .quick-input-titlebar .action-label',
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

  /**
   * Opens the command palette (F1), types `title` and presses Enter once that command is the first row.
   * Waits for the palette to close, or, with `opensQuickPick` (a command that shows a quick pick of its
   * own, like Code Index: Search), for the palette to give way to that pick.
   */
  async runCommand(title, { opensQuickPick = false, ...options } = {}) {
    return this.pickWith('F1', title, (item) => item.label === title, { ...options, closes: !opensQuickPick });
  }

  /**
   * Opens a quick pick with `keys` (F1, Control+P, Control+T...), enters `text`, waits for the first row to
   * satisfy `match` (a label string, a RegExp on label or aria-label, or a predicate) and presses Enter.
   * Returns that row. Then waits for the pick to close; with `closes: false` (the row opens another quick
   * pick) for the widget to show a pick whose input no longer holds the '>'/'#' query that was typed.
   *
   * A provider that was not ready when the query ran (symbols before the language server has loaded the
   * project) never refreshes its answer, and file search can stay stuck on a cancelled cache fill until
   * the picker closes; so while nothing matches, the picker is closed and the query asked again, as a
   * person would. `screenshot` names a screenshot taken with the matching row on screen, before Enter.
   */
  async pickWith(keys, text, match, { screenshot, timeoutMs = 2 * uiTimeoutMs, attemptMs = 10_000, closes = true } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      await this.page.keyboard.press(keys);
      let item;
      let typed;
      try {
        // Inside the retry: an editor that takes the focus (a picker restoring its preview) closes the pick.
        await this.page.waitForSelector(selectors.quickInputBox, { state: 'visible', timeout: uiTimeoutMs });
        await this.typeInQuickPick(text);
        typed = await this.page.locator(selectors.quickInputBox).inputValue();
        item = await this.waitForFirstQuickPickItem(
          match,
          `a first row matching ${match} for "${text}"`,
          Math.min(attemptMs, deadline - Date.now()),
        );
      } catch (error) {
        lastError = error;
        await this.closeQuickPick();
        continue;
      }
      if (screenshot) await this.screenshot(screenshot);
      await this.page.keyboard.press('Enter');
      if (closes) await this.waitForQuickPickClosed();
      else await this.waitForQuickPickReplaced(typed);
      return item;
    }
    throw lastError;
  }

  /**
   * After Enter on a row that opens another quick pick: waits until the widget is visible with an input
   * other than `typed` (the palette hides first, then the command's pick shows in the same widget).
   */
  async waitForQuickPickReplaced(typed) {
    await this.page.waitForFunction(
      ([widgetSelector, boxSelector, before]) => {
        const widget = document.querySelector(widgetSelector);
        const box = document.querySelector(boxSelector);
        return Boolean(widget && box && widget.checkVisibility() && box.value !== before);
      },
      [selectors.quickInput, selectors.quickInputBox, typed],
      { timeout: uiTimeoutMs },
    );
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
    return this.page.$$eval(selectors.quickInputRow, (rows) =>
      rows
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((row) => {
          // Rows are recycled across pickers, and a row without a detail only hides the detail element
          // (display: none), keeping the text of whatever row it showed before: read it only when shown.
          const detail = row.querySelector('.quick-input-list-label-meta .monaco-icon-label');
          return {
            label: row.querySelector('.quick-input-list-row .label-name')?.textContent?.trim() ?? '',
            description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
            detail: detail?.checkVisibility() ? (detail.querySelector('.label-name')?.textContent?.trim() ?? '') : '',
            ariaLabel: row.getAttribute('aria-label') ?? '',
            focused: row.classList.contains('focused'),
          };
        }),
    );
  }

  /** Waits (on DOM changes) for the first quick pick row to satisfy `match` and returns that row. */
  async waitForFirstQuickPickItem(match, what = 'the expected first row', timeoutMs = uiTimeoutMs) {
    const predicate = toPredicate(match);
    return this.waitForQuickPickRows((items) => (items.length > 0 && predicate(items[0]) ? items[0] : undefined), what, timeoutMs);
  }

  /** Waits (on DOM changes) for any rendered row to satisfy `match` and returns the first that does. */
  async waitForQuickPickItem(match, what = `a row matching ${match}`, timeoutMs = uiTimeoutMs) {
    const predicate = toPredicate(match);
    return this.waitForQuickPickRows((items) => items.find(predicate), what, timeoutMs);
  }

  /** Waits until `pick(rows)` returns something, re-reading the rows whenever they change. */
  async waitForQuickPickRows(pick, what, timeoutMs = uiTimeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let items = [];
    while (Date.now() < deadline) {
      items = await this.quickPickItems();
      const found = pick(items);
      if (found !== undefined) return found;
      await this.page
        .waitForFunction(
          ([selector, before]) =>
            JSON.stringify([...document.querySelectorAll(selector)].map((row) => row.getAttribute('aria-label'))) !== before,
          [selectors.quickInputRow, JSON.stringify(items.map((item) => item.ariaLabel))],
          { timeout: Math.max(1, deadline - Date.now()), polling: 'raf' },
        )
        .catch(() => undefined);
    }
    throw new Error(
      `quick pick never showed ${what}; rows were:\n${items.map((item) => `  ${item.ariaLabel}${item.focused ? ' (focused)' : ''}`).join('\n')}`,
    );
  }

  /**
   * Moves the focus (arrow keys, as a person would) to the first rendered row matching `match` and
   * returns it. Pickers that preview the focused row (Code Index: Search, Ctrl+T) preview it now.
   */
  async focusQuickPickItem(match, timeoutMs = uiTimeoutMs) {
    const predicate = toPredicate(match);
    const target = await this.waitForQuickPickItem(match, `a row matching ${match}`, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const items = await this.quickPickItems();
      const targetIndex = items.findIndex(predicate);
      const focusedIndex = items.findIndex((item) => item.focused);
      if (targetIndex >= 0 && targetIndex === focusedIndex) return items[targetIndex];
      if (targetIndex < 0) break;
      await this.page.keyboard.press(focusedIndex >= 0 && focusedIndex > targetIndex ? 'ArrowUp' : 'ArrowDown');
      await this.page
        .waitForFunction(
          ([selector, before]) => document.querySelector(`${selector}.focused`)?.getAttribute('aria-label') !== before,
          [selectors.quickInputRow, items[focusedIndex]?.ariaLabel ?? null],
          { timeout: Math.max(1, deadline - Date.now()), polling: 'raf' },
        )
        .catch(() => undefined);
    }
    throw new Error(`could not move the quick pick's focus to ${target.ariaLabel}`);
  }

  /** The open quick pick's title ('' when it has none). */
  async quickPickTitle() {
    const title = this.page.locator(selectors.quickInputTitle);
    return (await title.count()) && (await title.isVisible()) ? (await title.innerText()).trim() : '';
  }

  async waitForQuickPickTitle(match, timeoutMs = uiTimeoutMs) {
    const [pattern, flags] = patternOf(match);
    await this.page.waitForFunction(
      ([selector, source, sourceFlags]) => {
        const title = document.querySelector(selector);
        return Boolean(title?.checkVisibility() && new RegExp(source, sourceFlags).test(title.textContent.trim()));
      },
      [selectors.quickInputTitle, pattern, flags],
      { timeout: timeoutMs },
    );
    return this.quickPickTitle();
  }

  /** The title-bar buttons of the open quick pick, by their tooltips (aria-label). */
  async quickPickButtons() {
    return this.page.$$eval(selectors.quickInputButton, (buttons) =>
      buttons
        .filter((button) => button.checkVisibility())
        .map((button) => button.getAttribute('aria-label') ?? button.getAttribute('title') ?? ''),
    );
  }

  /** Clicks the title-bar button whose tooltip matches `match` (a string: exact, or a RegExp). */
  async clickQuickPickButton(match) {
    const buttons = await this.quickPickButtons();
    const index = buttons.findIndex((label) => (match instanceof RegExp ? match.test(label) : label === match));
    if (index < 0) throw new Error(`no quick pick button matching ${match}; buttons were: ${buttons.join(' | ')}`);
    await this.page.locator(selectors.quickInputButton).filter({ visible: true }).nth(index).click();
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
    return this.page.$$eval(selectors.statusBarItem, (items) =>
      items.map((item) => ({
        id: item.id,
        text: item.innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  async statusBarText() {
    return (await this.statusBarItems())
      .map((item) => item.text)
      .filter(Boolean)
      .join(' | ');
  }

  async waitForStatusBarText(match, { timeoutMs = uiTimeoutMs } = {}) {
    const [pattern, flags] = patternOf(match);
    await this.page.waitForFunction(
      ([selector, source, sourceFlags]) => {
        const re = new RegExp(source, sourceFlags);
        return [...document.querySelectorAll(selector)].some((item) => re.test(item.innerText));
      },
      [selectors.statusBarItem, pattern, flags],
      { timeout: timeoutMs },
    );
  }

  /**
   * Records every text the status bar item with DOM id `id` shows from the next page load on, so a test
   * can check the states it went through (a progress count before "ready") however fast they passed.
   * Call it before open(); read the record with statusBarHistory().
   */
  async recordStatusBarItem(id) {
    await this.page.addInitScript((itemId) => {
      const seen = [];
      window.__e2eStatusBarHistory = { ...window.__e2eStatusBarHistory, [itemId]: seen };
      const record = () => {
        const text = document.getElementById(itemId)?.textContent?.replace(/\s+/g, ' ').trim();
        if (text && text !== seen.at(-1)) seen.push(text);
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
    }, id);
  }

  /** The texts recorded for `id` since the page loaded, oldest first (see recordStatusBarItem). */
  async statusBarHistory(id) {
    return this.page.evaluate((itemId) => window.__e2eStatusBarHistory?.[itemId] ?? [], id);
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
  async waitForActiveEditor({ fileName, line, timeoutMs = uiTimeoutMs }) {
    await this.page.waitForFunction(
      ([tabSelector, positionSelector, name, wantedLine]) => {
        const label = document.querySelector(`${tabSelector} .label-name`)?.textContent?.trim();
        if (label !== name) return false;
        if (wantedLine === null) return true;
        const match = /Ln (\d+),/.exec(document.querySelector(positionSelector)?.innerText ?? '');
        return match !== null && Number(match[1]) === wantedLine;
      },
      [selectors.activeTab, selectors.cursorPosition, fileName, line ?? null],
      { timeout: timeoutMs },
    );
    return this.activeEditor();
  }
}

function toPredicate(match) {
  if (typeof match === 'function') return match;
  if (match instanceof RegExp) return (item) => match.test(item.label) || match.test(item.ariaLabel);
  return (item) => item.label === match;
}

/** A string (matched exactly as a substring) or a RegExp, as [source, flags] for the page. */
function patternOf(match) {
  return match instanceof RegExp ? [match.source, match.flags] : [escapeRegExp(match), ''];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
