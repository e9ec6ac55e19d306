import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RequestOf, ResponseMap } from '@/lib/protocol/replies';
import { route } from '@/lib/background/router';
import { RemoteError } from '@/lib/domain/errors';
import type { Request } from '@/lib/protocol/requests';

/**
 * The real background router, called the way the popup and options call it. fakeBrowser's sendMessage
 * drops promise answers, so tests hand this to components in place of the messaging transport only.
 */
export async function askBackground<T extends Request['type']>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  const reply = await route(JSON.parse(JSON.stringify(request)));
  if (reply.ok) return reply.data as ResponseMap[T];
  throw new RemoteError(reply.failure.kind, reply.failure.message, reply.failure.status, reply.failure.retryAt, reply.failure.action);
}

/** Browser APIs fakeBrowser leaves unimplemented, answered as Chrome would for a granted extension. */
export function stubBrowserApis({ granted = true }: { granted?: boolean } = {}) {
  const updateSessionRules = vi.fn(async () => undefined);
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  type Script = { id: string; matches?: string[]; js?: string[] };
  const scripting = {
    getRegisteredContentScripts: vi.fn(async ({ ids }: { ids?: string[] } = {}) =>
      [...registered.values()].filter((script) => !ids || ids.includes(script.id)),
    ),
    registerContentScripts: vi.fn(async (scripts: Script[]) => {
      for (const script of scripts) registered.set(script.id, script);
    }),
    updateContentScripts: vi.fn(async (scripts: Script[]) => {
      for (const script of scripts) registered.set(script.id, script);
    }),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
      for (const id of ids) registered.delete(id);
    }),
  };
  Object.assign(fakeBrowser, {
    declarativeNetRequest: { updateSessionRules },
    scripting,
  });
  // Chrome 130+ lists storage keys without reading the values.
  vi.spyOn(fakeBrowser.storage.local, 'getKeys').mockImplementation(async () => Object.keys(await fakeBrowser.storage.local.get(null)));
  const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => granted);
  return { updateSessionRules, contains, registered };
}

export async function badge() {
  return {
    text: await fakeBrowser.action.getBadgeText({}),
    title: await fakeBrowser.action.getTitle({}),
  };
}
