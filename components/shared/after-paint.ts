let queued: Array<() => void> | undefined;

/** A document that paints no frames (hidden, or its renderer busy elsewhere) still gets its work done by then. */
const NO_FRAME_MS = 100;

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
  const run = () => {
    if (queued !== batch) return;
    queued = undefined;
    for (const next of batch) {
      try {
        next();
      } catch (error) {
        // Reported as any uncaught error is, without keeping the rest of the batch from running.
        reportError(error);
      }
    }
  };
  const noFrame = setTimeout(run, NO_FRAME_MS);
  // A frame's animation callbacks run before it paints; a task queued from one runs after.
  requestAnimationFrame(() => {
    clearTimeout(noFrame);
    setTimeout(run);
  });
}
