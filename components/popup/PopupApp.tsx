import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LazyDetails, preloadDetails } from '@/components/shared/LazyDetails';
import { ErrorBrowser } from '@/components/shared/ErrorBrowser';
import { FailureAlert } from '@/components/shared/FailureAlert';
import { pausedLinksText } from '@/lib/backends/labels';
import { LinkSwitcher } from './LinkSwitcher';
import type { PopupStore } from './store';

/** Rows the popup's list draws in its first frame: more than its 600 px show (list.css lays them out at once). */
const FIRST_ROWS = 10;

function openOptions(event: Event) {
  event.preventDefault();
  void browser.runtime.openOptionsPage();
}

/** Renders a store its owner has opened (main.tsx opens it before the first render). */
export function PopupApp({ store }: { store: PopupStore }) {
  useEffect(() => {
    const idle = setTimeout(() => void preloadDetails(), 300);
    return () => clearTimeout(idle);
  }, []);

  const view = store.view.value;
  if (store.viewFailure.value) {
    return (
      <main class="popup">
        <FailureAlert failure={store.viewFailure.value} onRetry={() => void store.retry()} />
      </main>
    );
  }
  if (!view) {
    return (
      <main class="popup">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!view.configured) {
    return (
      <main class="popup">
        <h1>Error Tracker</h1>
        {view.paused > 0 ? <p>{pausedLinksText(view.paused)}</p> : <p>Connect Sentry and link a GitLab project to see its errors here.</p>}
        <a href={browser.runtime.getURL('/options.html')} onClick={openOptions}>
          Open options
        </a>
      </main>
    );
  }

  const opened = store.openError.value;
  return (
    <main class="popup">
      {!opened && (
        <>
          <header>
            <h1>Error Tracker</h1>
            <button type="button" onClick={() => void store.refreshAll()} disabled={store.loading.value}>
              Refresh
            </button>
            <a href={browser.runtime.getURL('/options.html')} onClick={openOptions}>
              Options
            </a>
          </header>
          <LinkSwitcher links={view.links} selectedId={store.linkId.value} onSelect={(id) => void store.selectLink(id)} />
        </>
      )}
      {/* Opened, the details are the whole popup: their title is its h1. */}
      <ErrorBrowser store={store} Details={LazyDetails} detailsHeadingLevel={1} firstRows={FIRST_ROWS} />
    </main>
  );
}
