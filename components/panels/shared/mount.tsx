import { render, type ComponentChild } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import detailsCss from '@/components/details.css?inline';
import listCss from '@/components/list.css?inline';
import themeCss from '@/components/theme.css?inline';
import { TrustedInputOnly } from '@/components/shared/trusted-input';
import panelCss from './panel.css?inline';
import { gitlabTheme } from './theme';

const PANEL_CSS = [themeCss, listCss, detailsCss, panelCss].join('\n');
const FALLBACK_ANCHORS = ['#content-body', 'main', '.content-wrapper', 'body'];

export interface PanelMount {
  /** Custom element name, one per feature: a page never gets the same panel twice. */
  name: `error-tracker-${string}`;
  /** Where the panel goes on GitLab's page; the first selector found wins, then GitLab's main content area. */
  anchors: string[];
  append: 'first' | 'last' | 'before' | 'after';
  content: ComponentChild;
}

/**
 * Mounts a panel in its own shadow root. Idempotent: an existing panel of the same name is left in place.
 * Key events stop at the shadow root, so typing in a panel never fires GitLab's keyboard shortcuts.
 * Returns the function that removes it.
 */
export async function mountPanel(ctx: ContentScriptContext, panel: PanelMount): Promise<() => void> {
  // GitLab's layouts change; any page has a main area, and always a body.
  const anchor = [...panel.anchors, ...FALLBACK_ANCHORS].map((selector) => document.querySelector(selector)).find(Boolean);
  if (!anchor || document.querySelector(panel.name) || ctx.isInvalid) return () => undefined;
  const ui = await createShadowRootUi(ctx, {
    name: panel.name,
    position: 'inline',
    anchor,
    append: panel.append,
    css: PANEL_CSS,
    isolateEvents: ['keydown', 'keyup', 'keypress'],
    onMount(container, _shadow, host) {
      host.dataset.theme = gitlabTheme(document);
      // Open roots keep the panels reachable by role and name; actions still need the user's own input.
      render(<TrustedInputOnly.Provider value={true}>{panel.content}</TrustedInputOnly.Provider>, container);
      return container;
    },
    onRemove(container) {
      if (container) render(null, container);
    },
  });
  // A second run may have mounted the same panel while this one waited for the stylesheet.
  if (document.querySelector(panel.name) || ctx.isInvalid) return () => undefined;
  ui.mount();
  return () => ui.remove();
}
