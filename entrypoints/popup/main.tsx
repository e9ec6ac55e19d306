// First: starts reading the cached rows before the modules below are evaluated.
import { takePopupSnapshot } from './first-read';
import { render } from 'preact';
import { followSystemTheme } from '@/lib/util/theme';
import { PopupApp } from '@/components/popup/PopupApp';
import { createPopupStore } from '@/components/popup/store';
import { ask } from '@/lib/protocol/ask';
import '@/components/theme.css';
import '@/components/page.css';
import '@/components/list.css';
import '@/components/details.css';
import './popup.css';

followSystemTheme();

/** A storage read slower than this shows "Loading…" while it lasts rather than an empty popup. */
const LOADING_AFTER_MS = 100;

const store = createPopupStore(ask, takePopupSnapshot);
void store.open();
// The first frame is the stored rows', not a "Loading…" frame drawn a few ms before them: that frame would
// style and lay out the page first, and the rows' frame would wait for it (docs/performance.md).
const loadingShown = new Promise((later) => setTimeout(later, LOADING_AFTER_MS));
void Promise.race([store.firstView, loadingShown]).then(() => render(<PopupApp store={store} />, document.getElementById('app')!));
