import { render, type ComponentChild } from 'preact';
import type { PanelsContext } from './panels-context';
import detailsCss from '@/components/details.css?inline';
import listCss from '@/components/list.css?inline';
import themeCss from '@/components/theme.css?inline';
import { textElement } from '@/components/shared/text-element';
import { requireTrustedInput } from '@/components/shared/trusted-input';
import panelCss from './panel.css?inline';
import { gitlabTheme } from './theme';

// GitLab's inherited styles (font, colour, line height, text alignment…) stop at the host. The rule is WXT's
// createShadowRootUi reset, byte for byte and first, so the panel's own :host rules cascade as they did there.
const HOST_RESET = ':host{all:initial !important;}';
const PANEL_CSS = [HOST_RESET, themeCss, listCss, detailsCss, panelCss].join('\n');
const FALLBACK_ANCHORS = ['#content-body', 'main', '.content-wrapper', 'body'];
// Typing in a panel must never fire GitLab's keyboard shortcuts, which listen on the document.
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

export interface PanelMount {
  /** Custom element name, one per feature: a page never gets the same panel twice. */
  name: `error-tracker-${string}`;
  /** Where the panel goes on GitLab's page; the first selector found wins, then GitLab's main content area. */
  anchors: string[];
  /** How it goes in beside the anchor: the Element method that puts it there. */
  insert: 'prepend' | 'append' | 'before' | 'after';
  content: ComponentChild;
}

const stopPropagation = (event: Event) => event.stopPropagation();

/**
 * Mounts a panel in its own open shadow root under a custom element named `panel.name`. Idempotent: an existing
 * panel of the same name is left in place. Key events stop at the shadow root. The panel goes when the
 * content script's context is invalidated (the extension updated or reloaded) or when the returned function
 * is called.
 *
 * Done by hand rather than with WXT's createShadowRootUi (about 3 kB gzip with its auto-mount, positioning and
 * stylesheet loading, none of which an inline panel with inlined CSS uses); what it did for us is all here:
 * the host reset, the styles in the root, the key events stopped, the removal on invalidation.
 */
export function mountPanel(ctx: PanelsContext, panel: PanelMount): () => void {
  // GitLab's layouts change; any page has a main area, and always a body.
  const anchor = [...panel.anchors, ...FALLBACK_ANCHORS].map((selector) => document.querySelector(selector)).find(Boolean);
  if (!anchor || document.querySelector(panel.name) || ctx.isInvalid) return () => undefined;

  const host = document.createElement(panel.name);
  host.dataset.theme = gitlabTheme(document);
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.append(textElement('style', PANEL_CSS), container);
  for (const type of ISOLATED_EVENTS) shadow.addEventListener(type, stopPropagation);

  anchor[panel.insert](host);
  // Open roots keep the panels reachable by role and name; actions still need the user's own input.
  requireTrustedInput();
  render(panel.content, container);

  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    stopWatching();
    render(null, container);
    host.remove();
  };
  const stopWatching = ctx.onInvalidated(remove);
  return remove;
}
