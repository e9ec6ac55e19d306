// Store screenshots (1280×800) of the production build against the stand-ins: the popup over a GitLab page,
// and the "Error tracking" panel on a GitLab project page. Not part of npm test: `npm run screenshots`
// rewrites docs/store/screenshot-*.png, to be looked at and committed by hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { GITLAB_APP, openRowDetails, region, rowButton, setUpSentryLink, statusTexts, waitUntil } from '../test/e2e/flows';
import { launchExtension, type ExtensionHarness } from '../test/e2e/harness';
import { repoRoot } from '../test/e2e/paths';
import { startGitlabStandIn, type GitlabStandIn } from '../test/e2e/standins/gitlab';
import { startSentryStandIn, type SentryStandIn } from '../test/e2e/standins/sentry';

const STORE_SIZE = { width: 1280, height: 800 };
// The popup's own size: its body is 460 px wide, at most 600 px high, plus the scrollbar.
const POPUP_SIZE = { width: 476, height: 600 };
const GITLAB = 'https://gitlab.com';
const out = (name: string) => path.join(repoRoot, 'docs/store', name);

/**
 * GitLab draws its sidebar with Vue from the `data-sidebar` JSON, which the stand-in only serves; for the picture
 * the sidebar is drawn from that JSON as plain text (project name, then the menu), in GitLab's light colours.
 */
async function drawSidebar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const aside = document.querySelector<HTMLElement>('#super-sidebar');
    if (!aside?.dataset.sidebar) return;
    const data = JSON.parse(aside.dataset.sidebar) as {
      current_context_header?: string;
      current_menu_items?: Array<{ title: string; is_active?: boolean }>;
    };
    aside.style.cssText += ';padding:12px 8px;box-sizing:border-box;font-size:14px';
    const header = document.createElement('div');
    header.textContent = data.current_context_header ?? '';
    header.style.cssText = 'font-weight:600;padding:8px 12px 12px;color:#3a383f';
    aside.append(header);
    for (const item of data.current_menu_items ?? []) {
      const row = document.createElement('div');
      row.textContent = item.title;
      row.style.cssText = `padding:6px 12px;border-radius:4px;color:#3a383f${item.is_active ? ';background:#e9e9ec;font-weight:600' : ''}`;
      aside.append(row);
    }
  });
}

describe('store screenshots', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;

  async function newPage(size: { width: number; height: number }): Promise<Page> {
    const page = await ext.context.newPage();
    await page.setViewportSize(size);
    return page;
  }

  /** Waits until `scope` lists the newest error and is done refreshing. */
  async function listSettled(scope: Page | Locator): Promise<void> {
    await rowButton(scope, newestTitle()).waitFor({ timeout: 15_000 });
    await waitUntil(
      'the list to finish refreshing',
      () => statusTexts(scope),
      (texts) => !texts.includes('Refreshing…'),
      15_000,
    );
  }

  /** The newest error's title, as the list shows it first. */
  function newestTitle(): string {
    const unresolved = sentry.issues.filter((issue) => issue.project.id === '3' && issue.status === 'unresolved');
    unresolved.sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || Number(b.id) - Number(a.id));
    return unresolved[0]!.title;
  }

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    await setUpSentryLink(ext, { gitlabProject: GITLAB_APP, blur: true, gitlab: {}, badgeTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('the popup, open over a GitLab page', async () => {
    const popup = await newPage(POPUP_SIZE);
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    await listSettled(popup);
    // The details of the newest error: the list itself is what the panel picture shows.
    await openRowDetails(popup, newestTitle());
    await popup.getByText('Stack trace', { exact: false }).first().waitFor({ timeout: 15_000 });
    const popupShot = await popup.screenshot();

    // The linked project's home behind it, dimmed: the popup is what the picture is about.
    const gitlabPage = await newPage(STORE_SIZE);
    await gitlabPage.goto(`${GITLAB}/${GITLAB_APP}`);
    await listSettled(region(gitlabPage, 'Error tracking'));
    await drawSidebar(gitlabPage);
    const backdrop = await gitlabPage.screenshot();

    const canvas = await newPage(STORE_SIZE);
    const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
    await canvas.setContent(`<body style="margin:0;overflow:hidden">
      <img src="${dataUrl(backdrop)}" style="display:block;filter:brightness(.82)">
      <img src="${dataUrl(popupShot)}" style="position:absolute;top:12px;right:24px;border:1px solid #c4c4c7;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28)">
    </body>`);
    await canvas.evaluate(() => Promise.all([...document.images].map((img) => img.decode())));
    writeFileSync(out('screenshot-popup.png'), await canvas.screenshot());
  });

  it('the "Error tracking" panel on a GitLab project page', async () => {
    const page = await newPage(STORE_SIZE);
    await page.goto(`${GITLAB}/${GITLAB_APP}`);
    await drawSidebar(page);
    await listSettled(region(page, 'Error tracking'));
    writeFileSync(out('screenshot-panel.png'), await page.screenshot());
  });
});
