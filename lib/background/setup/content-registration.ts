import { browser } from 'wxt/browser';
import { gitlabNeedsOptionalPermission } from '../../gitlab/hosts';
import { hostPermissionPattern } from '../../remote/host-permission';
import { gitlabConnectionItem } from '../../store/storage';

const SCRIPT_ID = 'gitlab-self-hosted';

/** The content script's files as built (the manifest's gitlab.com entry), so the two never drift apart. */
function contentScriptFiles(): string[] {
  return browser.runtime.getManifest().content_scripts?.[0]?.js ?? [];
}

/**
 * A self-hosted GitLab gets the same panels as gitlab.com: its content script is registered at run time for
 * that host once the user has allowed it, kept across browser restarts, and removed with the host.
 */
export async function syncSelfHostedContentScript(): Promise<void> {
  const scripting = (browser as { scripting?: typeof browser.scripting }).scripting;
  if (!scripting?.registerContentScripts) return;
  const gitlab = await gitlabConnectionItem.getValue();
  const pattern = gitlab && gitlabNeedsOptionalPermission(gitlab.baseUrl) ? hostPermissionPattern(gitlab.baseUrl) : undefined;
  const allowed = pattern ? await browser.permissions.contains({ origins: [pattern] }) : false;
  const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (!pattern || !allowed) {
    if (existing.length) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return;
  }
  const script = {
    id: SCRIPT_ID,
    matches: [pattern],
    js: contentScriptFiles(),
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (existing.length) await scripting.updateContentScripts([script]);
  else await scripting.registerContentScripts([script]);
}
