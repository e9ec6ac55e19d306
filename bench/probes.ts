// In-page probes, serialised into the pages the bench opens (they run there, not in Node). "Painted" is the
// requestAnimationFrame callback of the frame after the DOM change: the frame that paints it, read on the
// page's own clock; floors and product are probed the same way.

export interface RowsProbe {
  /** performance.now() of the frame that painted the first / the `rows`-th match. */
  first?: number;
  all?: number;
  /** Set by the first trusted click on the page: the probe then counts from it. */
  clickAt?: number;
}

/**
 * What installRowsProbe logs once its `rows`-th match is painted. Waiting for this console message rather than
 * polling with page.waitForFunction keeps Playwright's injected script (about 10 ms of main-thread time when it
 * is first evaluated in a page) out of the measured window, where it would land at a different point in the
 * floor and in the product.
 */
export const probeDone = (name: string) => `error-tracker-bench:${name}:done`;

/** Watches light-DOM mutations for `selector`; results in window.__probe[name]. */
export function installRowsProbe({
  name,
  selector,
  rows,
  afterClick,
}: {
  name: string;
  selector: string;
  rows: number;
  afterClick: boolean;
}): void {
  const w = window as unknown as { __probe?: Record<string, RowsProbe> };
  const probes = (w.__probe ??= {});
  const probe: RowsProbe = (probes[name] = {});
  const paintedAt = (key: 'first' | 'all') =>
    requestAnimationFrame(() => {
      probe[key] ??= performance.now();
      // Tells the bench it may read the probe, without it polling the page (see PROBE_DONE).
      if (key === 'all') console.debug(`error-tracker-bench:${name}:done`);
    });
  let firstSeen = false;
  const observer = new MutationObserver(() => {
    const count = document.querySelectorAll(selector).length;
    if (count > 0 && !firstSeen) {
      firstSeen = true;
      paintedAt('first');
    }
    if (count >= rows) {
      observer.disconnect();
      paintedAt('all');
    }
  });
  const watch = () => observer.observe(document, { childList: true, subtree: true });
  if (!afterClick) {
    watch();
    return;
  }
  addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || probe.clickAt !== undefined) return;
      probe.clickAt = event.timeStamp;
      watch();
    },
    { capture: true },
  );
}

/** Polls every frame for `rows` matches of `selector` inside the open shadow root of `host`; the time goes to `window[key]`. */
export function installShadowRowsProbe({
  host,
  selector,
  rows,
  key = '__shadowRowsAt',
}: {
  host: string;
  selector: string;
  rows: number;
  key?: string;
}): void {
  const w = window as unknown as Record<string, number>;
  const poll = () => {
    if ((document.querySelector(host)?.shadowRoot?.querySelectorAll(selector).length ?? 0) >= rows) w[key] = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** The panel floor: `errors` as plain rows in a shadow root at the top of GitLab's main area; ms to painted. */
export function drawPanelFloor(
  errors: Array<{ title: string; culprit: string; count: string | number; userCount: number; lastSeen: string }>,
): Promise<number> {
  const started = performance.now();
  const host = document.createElement('bench-panel-floor');
  const shadow = host.attachShadow({ mode: 'open' });
  const el = (tag: string, className: string, text: string) => {
    const node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  };
  const list = document.createElement('ul');
  const now = Date.now();
  for (const error of errors) {
    const row = document.createElement('li');
    const minutes = Math.round((now - Date.parse(error.lastSeen)) / 60_000);
    row.append(
      el('div', 'error-title', error.title),
      el('div', 'culprit', error.culprit),
      el('div', 'facts', `${error.count} events · ${error.userCount} users · ${minutes} min ago`),
    );
    list.append(row);
  }
  shadow.append(list);
  (document.querySelector('#content-body') ?? document.body).prepend(host);
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now() - started)));
}

/**
 * The line-marker floor: for the same lines, the least a content script could do as GitLab adds diff files —
 * one MutationObserver, each added `.diff-file`'s new-side number found as the product finds it, and before it
 * a button named as the product's, kept from GitLab's styles in a shadow root with one rule of its own (no
 * popover, no listeners). Each batch's main-thread time goes to window.__floorBatches.
 */
export function installMarkerFloor(hits: Record<string, Record<string, number>>): void {
  const w = window as unknown as { __floorBatches: number[] };
  w.__floorBatches = [];
  new MutationObserver((records) => {
    const started = performance.now();
    const wanted: Array<[Element, string]> = [];
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element) || !node.matches('.diff-file[data-path]')) continue;
        for (const [line, count] of Object.entries(hits[node.getAttribute('data-path')!] ?? {})) {
          const numbers = node.querySelector(`[data-interop-new-line="${line}"]`)?.querySelectorAll('a[data-linenumber]');
          const anchor = numbers?.[numbers.length - 1];
          if (anchor) wanted.push([anchor, `${count} ${count === 1 ? 'error' : 'errors'} on line ${line}`]);
        }
      }
    }
    for (const [anchor, name] of wanted) {
      const host = document.createElement('bench-marker-floor');
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = 'button{position:absolute;background:#dd2b0e;color:#fff;border:0;border-radius:8px;font-size:11px}';
      const marker = document.createElement('button');
      marker.setAttribute('aria-label', name);
      marker.textContent = name.split(' ')[0]!;
      shadow.append(style, marker);
      anchor.before(host);
    }
    w.__floorBatches.push(performance.now() - started);
  }).observe(document.body, { childList: true, subtree: true });
}
