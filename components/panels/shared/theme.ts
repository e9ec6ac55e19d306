/** GitLab's theme, for the panels' own; read when a panel mounts, not by the loader, which every GitLab page pays for. */
export function gitlabTheme(doc: Document): 'light' | 'dark' {
  return isDark(doc) ? 'dark' : 'light';
}

function isDark(doc: Document): boolean {
  const classes = [...doc.documentElement.classList, ...doc.body.classList];
  if (classes.includes('gl-dark')) return true;
  if (classes.includes('gl-light')) return false;
  // "Auto" follows the system; GitLab marks it gl-system.
  return classes.includes('gl-system') && matchMedia('(prefers-color-scheme: dark)').matches;
}
