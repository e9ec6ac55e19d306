import { useEffect, useState } from 'preact/hooks';

/**
 * The first `first` items on the first render and all of them once that has been painted: a popup shows
 * about 8 rows of its 100, so its first paint need not wait for the other 92. Later lists come whole.
 */
export function useProgressive<T>(items: T[], first = Number.POSITIVE_INFINITY): T[] {
  const [whole, setWhole] = useState(false);
  const cut = !whole && items.length > first;
  useEffect(() => {
    if (!cut) return;
    // A timer queued from an animation frame runs after that frame's paint; the fallback covers hidden pages.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setWhole(true))));
    const fallback = setTimeout(() => setWhole(true), 100);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [cut]);
  return cut ? items.slice(0, first) : items;
}
