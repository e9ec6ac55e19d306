import { browser } from 'wxt/browser';

/** The toolbar button's API, picked at build time: Firefox builds Manifest V2, where it is browserAction. */
export function toolbarButton(): typeof browser.action {
  return import.meta.env.MANIFEST_VERSION === 2
    ? (browser as unknown as { browserAction: typeof browser.action }).browserAction
    : browser.action;
}
