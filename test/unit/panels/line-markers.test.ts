import { afterEach, describe, expect, it, vi } from 'vitest';
import { blobLineSource, errorsByLine } from '@/components/panels/shared/line-markers/blob-lines';
import { diffLineSource, errorsByPathAndLine } from '@/components/panels/shared/line-markers/diff-lines';
import { placeLineMarkers } from '@/components/panels/shared/line-markers/place-markers';
import type { ErrorSummary } from '@/lib/domain/model';
import { readFixture } from '../../support/fixtures';
import { summaryOf } from '../support/summaries';

// Markers beside line numbers of GitLab's own markup (the saved pages of test/fixtures/gitlab-pages): which
// anchors get one, in both diff renderings and on file pages, as GitLab adds, drops and re-renders lines.

const error = (id: string) => summaryOf(id);
const [e1, e2, e3, e4] = ['1', '2', '3', '4'].map(error) as [ErrorSummary, ErrorSummary, ErrorSummary, ErrorSummary];

/** Frames of the errors into the merge request's files: line 55 twice, an added line, a context line, one not shown. */
const HITS = [
  {
    error: e1,
    hits: [
      { path: 'app/billing/refunds.py', line: 57 },
      { path: 'app/billing/refunds.py', line: 55 },
    ],
  },
  { error: e2, hits: [{ path: 'app/billing/refunds.py', line: 55 }] },
  {
    error: e3,
    hits: [
      { path: 'app/billing/refunds.py', line: 58 },
      { path: 'app/billing/refunds.py', line: 300 },
    ],
  },
  {
    error: e4,
    hits: [
      { path: 'app/models/user.rb', line: 11 },
      { path: 'app/models/account.rb', line: 2 },
    ],
  },
];

let removeMarkers: (() => void) | undefined;
afterEach(() => {
  removeMarkers?.();
  removeMarkers = undefined;
});

function showSavedPage(name: string): void {
  const saved = new DOMParser().parseFromString(readFixture(`gitlab-pages/${name}.html`), 'text/html');
  document.body.replaceWith(document.importNode(saved.body, true));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const markers = () => [...document.querySelectorAll('error-tracker-line')];
const buttonOf = (marker: Element) => marker.shadowRoot!.querySelector('button')!;

/** Each marker: its button's name, and the line number and side of the anchor right after it. */
function placements() {
  return markers().map((marker) => {
    const anchor = marker.nextElementSibling!;
    const file = marker.closest('.diff-file, diff-file, .blob-viewer')!;
    const cell = anchor.closest('td, .diff-line-num')!;
    const side =
      cell.matches('[data-position="new"], .new_line') || cell === cell.parentElement!.querySelectorAll('.diff-line-num')[1]
        ? 'new'
        : 'old';
    return {
      name: buttonOf(marker).getAttribute('aria-label'),
      file: file.getAttribute('data-path') ?? JSON.parse(file.getAttribute('data-file-data') ?? '{}').new_path,
      line: anchor.getAttribute('data-linenumber') ?? anchor.getAttribute('data-line-number'),
      side,
    };
  });
}

const EXPECTED = [
  { name: '2 errors on line 55', file: 'app/billing/refunds.py', line: '55', side: 'new' },
  { name: '1 error on line 57', file: 'app/billing/refunds.py', line: '57', side: 'new' },
  { name: '1 error on line 58', file: 'app/billing/refunds.py', line: '58', side: 'new' },
  { name: '1 error on line 11', file: 'app/models/user.rb', line: '11', side: 'new' },
];

describe.each([
  { rendering: 'the classic diffs app (inline view)', page: 'merge-request-diffs', fileTag: 'div' },
  { rendering: 'Rapid Diffs', page: 'merge-request-rapid-diffs', fileTag: 'diff-file' },
])('line markers in $rendering', ({ page }) => {
  it('go beside the new-side numbers of the lines the errors hit, and only there', () => {
    showSavedPage(page);
    removeMarkers = placeLineMarkers(diffLineSource(errorsByPathAndLine(HITS)), { open: vi.fn(), place: 'before-number' });
    expect(placements()).toEqual(EXPECTED);
  });

  it('follow files GitLab adds and re-renders later, never twice on a line', async () => {
    showSavedPage(page);
    const files = [...document.querySelectorAll('.diff-file, diff-file')];
    const [refunds, user] = files as [Element, Element];
    // Not there yet when the markers start: GitLab's diffs arrive in batches.
    user.remove();
    removeMarkers = placeLineMarkers(diffLineSource(errorsByPathAndLine(HITS)), { open: vi.fn(), place: 'before-number' });
    expect(placements().map((p) => p.name)).toEqual(EXPECTED.slice(0, 3).map((p) => p.name));

    refunds.after(user);
    await settle();
    expect(placements()).toEqual(EXPECTED);

    // Virtualised: the file unmounts and a fresh copy mounts; lines change inside a file; our own writes.
    const copy = user.cloneNode(true) as Element;
    for (const marker of copy.querySelectorAll('error-tracker-line')) marker.remove();
    user.replaceWith(copy);
    refunds.querySelector('.line_content, .rd-line-content')!.append(document.createElement('span'));
    await settle();
    expect(placements()).toEqual(EXPECTED);

    // Another file of the merge request arrives.
    const account = copy.cloneNode(true) as Element;
    for (const marker of account.querySelectorAll('error-tracker-line')) marker.remove();
    if (account.localName === 'diff-file') account.setAttribute('data-file-data', JSON.stringify({ new_path: 'app/models/account.rb' }));
    else account.setAttribute('data-path', 'app/models/account.rb');
    for (const number of account.querySelectorAll('[data-linenumber="11"], [data-line-number="11"]')) {
      number.setAttribute(number.hasAttribute('data-linenumber') ? 'data-linenumber' : 'data-line-number', '2');
    }
    for (const side of account.querySelectorAll('[data-interop-new-line="11"]')) side.setAttribute('data-interop-new-line', '2');
    copy.after(account);
    await settle();
    expect(placements()).toEqual([...EXPECTED, { name: '1 error on line 2', file: 'app/models/account.rb', line: '2', side: 'new' }]);
  });

  it('move with a row the virtual scroller recycles for another line', async () => {
    showSavedPage(page);
    removeMarkers = placeLineMarkers(diffLineSource(errorsByPathAndLine(HITS)), { open: vi.fn(), place: 'before-number' });
    // The row of new line 57 now shows line 60, and the row of line 52 shows line 57.
    const renumber = (from: number, to: number) => {
      const refunds = document.querySelector('.diff-file, diff-file')!;
      for (const number of refunds.querySelectorAll(`[data-linenumber="${from}"], [data-line-number="${from}"]`)) {
        number.setAttribute(number.hasAttribute('data-linenumber') ? 'data-linenumber' : 'data-line-number', String(to));
      }
      for (const side of refunds.querySelectorAll(`[data-interop-new-line="${from}"]`))
        side.setAttribute('data-interop-new-line', String(to));
    };
    renumber(57, 60);
    renumber(52, 57);
    await settle();
    // Line 57 is now the file's first row.
    const byLine = (places: Array<{ file: string; line: string | null }>) =>
      [...places].sort((a, b) => a.file.localeCompare(b.file) || Number(a.line) - Number(b.line));
    expect(byLine(placements())).toEqual(byLine(EXPECTED));
  });

  it('are all removed on navigation, and none come after', async () => {
    showSavedPage(page);
    const remove = placeLineMarkers(diffLineSource(errorsByPathAndLine(HITS)), { open: vi.fn(), place: 'before-number' });
    expect(markers()).toHaveLength(4);
    remove();
    expect(markers()).toHaveLength(0);
    const files = document.querySelectorAll('.diff-file, diff-file');
    files[0]!.after(files[1]!.cloneNode(true));
    await settle();
    expect(markers()).toHaveLength(0);
  });
});

describe('line markers in other classic markup', () => {
  const oneFile = (rows: string) => {
    document.body.innerHTML = `<div class="diff-file file-holder" data-path="app/billing/refunds.py">${rows}</div>`;
  };

  it.each([
    [
      'the parallel view (no interoperability attributes)',
      '<div class="diff-grid-row"><div class="diff-grid-left"><div class="diff-td diff-line-num old_line"><a data-linenumber="57"></a></div></div>' +
        '<div class="diff-grid-right"><div class="diff-td diff-line-num new_line"><a data-linenumber="57"></a></div></div></div>',
    ],
    [
      'the legacy HAML diff',
      '<table><tr class="line_holder"><td class="old_line diff-line-num" data-linenumber="57"><a href="#a_57_57"></a></td>' +
        '<td class="new_line diff-line-num" data-linenumber="57"><a href="#a_57_57"></a></td><td class="line_content">x</td></tr></table>',
    ],
  ])('%s: beside the new side only', (_, rows) => {
    oneFile(rows);
    removeMarkers = placeLineMarkers(diffLineSource(errorsByPathAndLine([HITS[0]!])), { open: vi.fn(), place: 'before-number' });
    expect(
      markers().map((marker) => [buttonOf(marker).getAttribute('aria-label'), marker.parentElement!.classList.contains('new_line')]),
    ).toEqual([['1 error on line 57', true]]);
  });
});

describe('line markers on a file page', () => {
  it('go beside `#L<n>` for each line the listed errors point at', async () => {
    showSavedPage('blob');
    removeMarkers = placeLineMarkers(
      blobLineSource(
        errorsByLine([
          { error: e1, lines: [11, 14] },
          { error: e2, lines: [11] },
          { error: e3, lines: [200] },
        ]),
      ),
      { open: vi.fn(), place: 'row-start' },
    );
    expect(markers().map((marker) => [buttonOf(marker).getAttribute('aria-label'), marker.nextElementSibling!.id])).toEqual([
      ['2 errors on line 11', 'L11'],
      ['1 error on line 14', 'L14'],
    ]);
    // A chunk GitLab renders again: the line's number is a new element.
    const row = document.getElementById('L14')!.parentElement!;
    const fresh = row.cloneNode(true) as Element;
    fresh.querySelector('error-tracker-line')!.remove();
    row.replaceWith(fresh);
    await settle();
    expect(markers().map((marker) => marker.nextElementSibling!.id)).toEqual(['L11', 'L14']);
  });
});

describe('a line marker', () => {
  it('is a button in its own shadow root, keeps keys from GitLab, and ignores input the user did not make', () => {
    showSavedPage('blob');
    const open = vi.fn();
    removeMarkers = placeLineMarkers(blobLineSource(errorsByLine([{ error: e1, lines: [11] }])), { open, place: 'row-start' });
    const [marker] = markers() as [Element];
    const shadow = marker.shadowRoot!;
    const button = buttonOf(marker);
    expect(button.type).toBe('button');
    expect(button.textContent).toBe('1');
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(button.getAttribute('aria-expanded')).toBe('false');

    const shortcuts = vi.fn();
    document.addEventListener('keydown', shortcuts);
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', bubbles: true, composed: true }));
    document.removeEventListener('keydown', shortcuts);
    expect(shortcuts).not.toHaveBeenCalled();

    // A page script's click (untrusted) makes no list of errors, let alone opens one.
    button.click();
    expect(shadow.querySelector('[role="dialog"]')).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(open).not.toHaveBeenCalled();
  });
});
