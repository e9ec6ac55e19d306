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
  const paintedAt = (key: 'first' | 'all') => requestAnimationFrame(() => (probe[key] ??= performance.now()));
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

/** Polls every frame for `rows` matches of `selector` inside the open shadow root of `host`. */
export function installShadowRowsProbe({ host, selector, rows }: { host: string; selector: string; rows: number }): void {
  const w = window as unknown as { __shadowRowsAt?: number };
  const poll = () => {
    if ((document.querySelector(host)?.shadowRoot?.querySelectorAll(selector).length ?? 0) >= rows) w.__shadowRowsAt = performance.now();
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
