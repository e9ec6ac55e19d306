import { within } from '@testing-library/preact';
import { useLayoutEffect } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { mountPanel } from '@/components/panels/shared/mount';
import { type PanelsContext, startPanelsContext } from '@/components/panels/shared/panels-context';
import { trusted } from '@/components/shared/trusted-input';

// How every panel gets onto a GitLab page: its own shadow root, where the feature asks, once per page.

let ctx: PanelsContext;

beforeEach(() => {
  fakeBrowser.reset();
  document.documentElement.className = '';
  document.body.innerHTML = '<main><div id="content-body"><p id="first">GitLab’s own</p></div></main>';
  ctx = startPanelsContext();
});
afterEach(() => {
  startPanelsContext(); // a newer copy: this test's context ends
  document.body.innerHTML = '';
});

const panelOf = (name: string) => {
  const hosts = document.querySelectorAll(name);
  expect(hosts).toHaveLength(1);
  return within(hosts[0]!.shadowRoot as unknown as HTMLElement);
};

function Guarded({ onUnmount, onResolve }: { onUnmount?: () => void; onResolve?: () => void }) {
  // A layout effect is set up as the render commits, so its clean-up is there however soon the panel goes.
  useLayoutEffect(() => onUnmount, [onUnmount]);
  return (
    <button type="button" onClick={trusted(() => onResolve?.())}>
      Resolve
    </button>
  );
}

describe('mounting a panel', () => {
  it('renders the content in an open shadow root, with the host reset, trusting only the user’s input', () => {
    const resolved = vi.fn();
    mountPanel(ctx, {
      name: 'error-tracker-project',
      anchors: ['#content-body'],
      insert: 'prepend',
      content: <Guarded onResolve={resolved} />,
    });
    const panel = panelOf('error-tracker-project');
    (panel.getByRole('button', { name: 'Resolve' }) as HTMLButtonElement).click();
    expect(resolved).not.toHaveBeenCalled();
    // GitLab's inherited type and colours stop at the host (the stylesheets themselves are empty under Vitest).
    const css = document.querySelector('error-tracker-project')!.shadowRoot!.querySelector('style')!.textContent!;
    expect(css.startsWith(':host{all:initial !important;}')).toBe(true);
  });

  it('goes where the feature asks: first or last in the anchor, or before or after it', () => {
    const anchor = document.getElementById('content-body')!;
    mountPanel(ctx, { name: 'error-tracker-a', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    mountPanel(ctx, { name: 'error-tracker-b', anchors: ['#content-body'], insert: 'append', content: <Guarded /> });
    mountPanel(ctx, { name: 'error-tracker-c', anchors: ['#content-body'], insert: 'before', content: <Guarded /> });
    mountPanel(ctx, { name: 'error-tracker-d', anchors: ['#content-body'], insert: 'after', content: <Guarded /> });
    expect([...anchor.children].map((e) => e.localName)).toEqual(['error-tracker-a', 'p', 'error-tracker-b']);
    expect([...anchor.parentElement!.children].map((e) => e.localName)).toEqual(['error-tracker-c', 'div', 'error-tracker-d']);
  });

  it('falls back to GitLab’s main area when none of its anchors is on the page', () => {
    mountPanel(ctx, { name: 'error-tracker-list', anchors: ['#js-error_tracking'], insert: 'before', content: <Guarded /> });
    expect(document.querySelector('error-tracker-list')!.nextElementSibling!.id).toBe('content-body');
  });

  it('mounts a panel once per page: a second one of the same name is left out', () => {
    mountPanel(ctx, { name: 'error-tracker-project', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    const removeSecond = mountPanel(ctx, { name: 'error-tracker-project', anchors: ['main'], insert: 'prepend', content: <Guarded /> });
    panelOf('error-tracker-project');
    removeSecond();
    panelOf('error-tracker-project');
  });

  it('takes GitLab’s theme', () => {
    document.documentElement.className = 'gl-dark';
    mountPanel(ctx, { name: 'error-tracker-project', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    expect(document.querySelector<HTMLElement>('error-tracker-project')!.dataset.theme).toBe('dark');
  });

  it('keeps key events from GitLab’s shortcuts, and lets clicks through', () => {
    mountPanel(ctx, { name: 'error-tracker-project', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    const button = panelOf('error-tracker-project').getByRole('button');
    const seen: string[] = [];
    for (const type of ['keydown', 'keyup', 'keypress', 'click']) document.addEventListener(type, () => seen.push(type));
    for (const type of ['keydown', 'keyup', 'keypress'])
      button.dispatchEvent(new KeyboardEvent(type, { key: 'r', bubbles: true, composed: true }));
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(seen).toEqual(['click']);
  });

  it('removes the panel and unmounts its content when asked, and only once', () => {
    const unmounted = vi.fn();
    const remove = mountPanel(ctx, {
      name: 'error-tracker-project',
      anchors: ['#content-body'],
      insert: 'prepend',
      content: <Guarded onUnmount={unmounted} />,
    });
    remove();
    remove();
    expect(document.querySelector('error-tracker-project')).toBeNull();
    expect(unmounted).toHaveBeenCalledTimes(1);
  });

  it('removes the panel when a newer copy of the panels’ script starts, and mounts none after', () => {
    const unmounted = vi.fn();
    mountPanel(ctx, {
      name: 'error-tracker-project',
      anchors: ['#content-body'],
      insert: 'prepend',
      content: <Guarded onUnmount={unmounted} />,
    });
    startPanelsContext();
    expect(document.querySelector('error-tracker-project')).toBeNull();
    expect(unmounted).toHaveBeenCalledTimes(1);
    mountPanel(ctx, { name: 'error-tracker-issue', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    expect(document.querySelector('error-tracker-issue')).toBeNull();
  });

  it('mounts nothing once the extension’s context is gone (updated or removed)', () => {
    const runtime = fakeBrowser.runtime as { id?: string };
    const id = runtime.id;
    runtime.id = undefined;
    try {
      mountPanel(ctx, { name: 'error-tracker-project', anchors: ['#content-body'], insert: 'prepend', content: <Guarded /> });
    } finally {
      runtime.id = id;
    }
    expect(document.querySelector('error-tracker-project')).toBeNull();
  });
});
