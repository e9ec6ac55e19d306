// First: starts reading the cached rows before the modules below are evaluated.
import { takePopupSnapshot } from './first-read';
import { render } from 'preact';
import { followSystemTheme } from '@/lib/util/theme';
import { PopupApp } from '@/components/popup/PopupApp';
import { createPopupStore } from '@/components/popup/store';
import { ask } from '@/lib/protocol/ask';
import '@/components/theme.css';
import '@/components/list.css';
import '@/components/details.css';
import './popup.css';

followSystemTheme();

const store = createPopupStore(ask, takePopupSnapshot);
void store.open();
render(<PopupApp store={store} />, document.getElementById('app')!);
