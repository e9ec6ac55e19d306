import type { WxtBrowser } from 'wxt/browser';
import type { Reply, RequestOf, ResponseMap } from '../protocol/replies';
import type { Request } from '../protocol/requests';

/**
 * The runtime the loader reaches the background by, picked when the extension is built: Chromium's
 * own `chrome`, and Firefox's `browser` (promise-based there). wxt/browser picks at run time by reading
 * `globalThis.browser.runtime.id`, which has Chromium make a second set of API bindings for the page: 0.3–0.5 ms
 * of every GitLab page's script time (docs/performance.md, loader_script_ms).
 */
const pageRuntime = () =>
  (globalThis as unknown as Record<'browser' | 'chrome', WxtBrowser>)[import.meta.env.FIREFOX ? 'browser' : 'chrome'].runtime;

/**
 * For the loader on every GitLab page: no answer, a failure or a background that is gone all mean "nothing
 * here", quietly. Kept free of RemoteError so the loader stays a few hundred bytes.
 */
export async function askOrNull<T extends Request['type']>(request: RequestOf<T>): Promise<ResponseMap[T] | null> {
  try {
    const reply = (await pageRuntime().sendMessage(request)) as Reply<T> | undefined;
    return reply?.ok ? reply.data : null;
  } catch {
    return null;
  }
}
