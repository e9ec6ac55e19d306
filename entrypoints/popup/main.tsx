import { render } from 'preact';
import { followSystemTheme } from '@/lib/util/theme';
import { PopupApp } from '@/components/popup/PopupApp';
import { createPopupStore } from '@/components/popup/store';
import '@/components/theme.css';
import '@/components/list.css';
import '@/components/details.css';
import './popup.css';

followSystemTheme();

// Start reading the cached list before the first render, not in an effect a frame later.
const store = createPopupStore();
void store.open();
render(<PopupApp store={store} />, document.getElementById('app')!);
