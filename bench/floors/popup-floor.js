// The least an extension page can do to show the cached list (a reference for the bench, not product code):
// one storage read of the keys the popup reads plus the cached page's own key (passed in the URL, since the
// floor does not derive it), then 100 rows of plain DOM. `#details:<linkId>:<errorId>` instead shows a button
// whose click asks the background for that error's details, as the popup does, and draws its frames plainly.
'use strict';
(() => {
  const [mode, a, b] = decodeURIComponent(location.hash.slice(1)).split('\n');
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  if (mode === 'list') {
    chrome.storage.local.get(['links', 'linkStatus', 'popupState', a]).then((items) => {
      const errors = items[a].page.errors;
      const list = el('ul');
      list.setAttribute('aria-label', 'Errors');
      const now = Date.now();
      for (const error of errors) {
        const row = el('li', 'error-row');
        row.append(el('div', 'error-title', error.title), el('div', 'culprit', error.culprit));
        const minutes = Math.round((now - Date.parse(error.lastSeen)) / 60_000);
        row.append(el('div', 'facts', `${error.count} events · ${error.userCount} users · ${minutes} min ago`));
        list.append(row);
      }
      document.body.append(list);
    });
  } else if (mode === 'details') {
    addEventListener('DOMContentLoaded', () => {
      const open = el('button', '', 'Open');
      open.addEventListener('click', async () => {
        const reply = await chrome.runtime.sendMessage({ type: 'getErrorDetails', linkId: a, errorId: b });
        const trace = el('section');
        trace.setAttribute('aria-label', 'Stack trace');
        for (const exception of reply.data.event.exceptions) {
          trace.append(el('h4', '', `${exception.type}: ${exception.value}`));
          const frames = el('ol');
          for (const frame of exception.frames) {
            const item = el('li', 'frame');
            const details = el('details');
            details.append(el('summary', '', `${frame.file} in ${frame.function} at line ${frame.line}`));
            item.append(details);
            frames.append(item);
          }
          trace.append(frames);
        }
        document.body.append(trace);
      });
      document.body.append(open);
    });
  }
})();
