// GitLab's page without the extension, for gitlab_fcp_ms / gitlab_load_ms: a second Chromium with the same
// flags and host mapping but no extension loaded, opening the very same https://gitlab.com URL. Comparing
// against another host in the extension's own browser (plain.gitlab.test) was not fair: a different origin
// has its own connection, cache and site process, so the 1.39× seen there was not ours alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH, hostResolverRules, QUIET_CHROMIUM_ARGS } from '../test/e2e/harness';

export async function launchPlainBrowser(
  gitlabPort: number,
  sentryPort: number,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-plain-profile-'));
  // Persistent like the extension's browser, so both keep a disk cache of the same kind.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: false, // --headless=new below, as in test/e2e/harness.ts
    args: [...QUIET_CHROMIUM_ARGS, `--host-resolver-rules=${hostResolverRules({ sentryPort, gitlabPort })}`, '--ignore-certificate-errors'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
