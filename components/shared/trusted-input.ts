import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * True inside the panels on GitLab pages. There the page's own scripts share the DOM (the shadow roots are
 * open): they can find a button and call `.click()` or dispatch events, but only the user's input is
 * `isTrusted`. The extension's own pages have no foreign scripts, so they do not need the check.
 */
export const TrustedInputOnly = createContext(false);

/**
 * Wraps the handlers of actions that change something (status, issues) so that, in a panel, events not
 * made by the user are ignored. Mouse clicks and Enter/Space on a button are both trusted click events.
 */
export function useTrustedHandler(): <E extends Event>(handler: (event: E) => void) => (event: E) => void {
  const required = useContext(TrustedInputOnly);
  return (handler) => (event) => {
    if (!required || event.isTrusted === true) handler(event);
  };
}
