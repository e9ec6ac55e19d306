/**
 * Set by the panels on GitLab pages. There the page's own scripts share the DOM (the shadow roots are open):
 * they can find a button and call `.click()` or dispatch events, but only the user's input is `isTrusted`. The
 * extension's own pages have no foreign scripts, so they do not need the check. A flag of the script rather
 * than a Preact context: each bundle is either the panels' or a page's, never both.
 */
let trustedInputOnly = false;

/** From now on, actions that change something act on the user's own input only. */
export function requireTrustedInput(): void {
  trustedInputOnly = true;
}

/**
 * Wraps the handler of an action that changes something (status, issues) so that, in a panel, events not made
 * by the user are ignored. Mouse clicks and Enter/Space on a button are both trusted click events.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (!trustedInputOnly || event.isTrusted === true) handler(event);
  };
}
