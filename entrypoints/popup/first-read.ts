import type { PopupView } from '@/lib/protocol/replies';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';

// main.tsx imports this module first, so the storage read of the cached rows (the popup's longest wait
// before its first row) is under way while Preact and the UI's modules are still being evaluated.
let early: Promise<PopupView> | undefined = readPopupSnapshot();

/** The read started as the popup's script began, the first time; a new one after (Retry). */
export function takePopupSnapshot(): Promise<PopupView> {
  const read = early ?? readPopupSnapshot();
  early = undefined;
  return read;
}
