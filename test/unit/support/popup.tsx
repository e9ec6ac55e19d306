import { render } from '@testing-library/preact';
import { PopupApp } from '@/components/popup/PopupApp';
import { createPopupStore } from '@/components/popup/store';
import { askBackground } from './background';

/** The popup as main.tsx starts it, talking to the real background router. */
export function renderPopup() {
  const store = createPopupStore(askBackground);
  void store.open();
  return render(<PopupApp store={store} />);
}
