/**
 * Calls `changed` on in-page navigations (GitLab's Vue routers): the Navigation API's navigate event, which
 * comes before location.href changes (the caller reads the page from a later task); where there is none, a
 * look at the address once a second, as WXT's location watcher does. Returns the stop.
 */
export function watchLocation(changed: () => void): () => void {
  let last = location.href;
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) {
    const onNavigate = (event: Event) => {
      const next = (event as Event & { destination: { url: string } }).destination.url;
      if (next === last) return;
      last = next;
      changed();
    };
    navigation.addEventListener('navigate', onNavigate);
    return () => navigation.removeEventListener('navigate', onNavigate);
  }
  const timer = setInterval(() => {
    if (location.href === last) return;
    last = location.href;
    changed();
  }, 1000);
  return () => clearInterval(timer);
}
