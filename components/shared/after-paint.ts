let queued: Array<() => void> | undefined;

/**
 * Runs `work` once the frame now being prepared has been painted: what the user reads first (rows) paints
 * without waiting for what decorates it (charts). Work queued in the same frame runs together, in order.
 */
export function afterPaint(work: () => void): void {
  if (queued) {
    queued.push(work);
    return;
  }
  const batch = [work];
  queued = batch;
  // A frame's animation callbacks run before it paints; a task queued from one runs after.
  requestAnimationFrame(() =>
    setTimeout(() => {
      queued = undefined;
      for (const run of batch) run();
    }),
  );
}
