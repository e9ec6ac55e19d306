/** GitLab's theme, for the panels' own; read when a panel mounts, not by the loader, which every GitLab page pays for. */
export function gitlabTheme(doc: Document): 'light' | 'dark' {
  const classes = [...doc.documentElement.classList, ...doc.body.classList];
  // "Auto" follows the system; GitLab marks it gl-system.
  const dark =
    classes.includes('gl-dark') ||
    (!classes.includes('gl-light') && classes.includes('gl-system') && matchMedia('(prefers-color-scheme: dark)').matches);
  return dark ? 'dark' : 'light';
}
