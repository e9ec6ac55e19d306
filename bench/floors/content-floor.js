// The least a GitLab content script can do (a reference for the bench, not product code): read the page's
// data attributes and send the loader's one message, nothing else.
'use strict';
(() => {
  const body = document.body;
  const id = Number(body.dataset.projectId);
  const projectPath = body.dataset.projectFullPath || location.pathname.replace(/^\/+|\/+$/g, '');
  chrome.runtime.sendMessage({ type: 'panelContext', projectPath, projectId: id > 0 ? id : undefined }).catch(() => undefined);
})();
