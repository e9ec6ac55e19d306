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
  // A frame's animation callbacks run before it paints; a task queued from one runs after. A hidden document
  // paints no frames: its work waits until it is shown.
  requestAnimationFrame(() =>
    setTimeout(() => {
      queued = undefined;
      for (const next of batch) {
        try {
          next();
        } catch (error) {
          // Reported as any uncaught error is, without keeping the rest of the batch (rows, charts) from running.
          reportError(error);
        }
      }
    }),
  );
}
