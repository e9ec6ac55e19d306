/** Extension pages follow the browser's light or dark preference, also when it changes while open. */
export function followSystemTheme(root: HTMLElement = document.documentElement): void {
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => (root.dataset.theme = dark.matches ? 'dark' : 'light');
  apply();
  dark.addEventListener('change', apply);
}
