/** How an error's status change moves its project's unresolved count: +1, -1 or 0. */
export function unresolvedDelta(newStatus: string, previousStatus: string): number {
  return Number(newStatus === 'unresolved') - Number(previousStatus === 'unresolved');
}

/** A count after a change: a fresh total wins; a delta moves a known count, never below zero. */
export function nextCount(count: number | undefined, change: { total?: number; delta?: number }): number | undefined {
  if (change.total !== undefined) return change.total;
  if (change.delta !== undefined && count !== undefined) return Math.max(0, count + change.delta);
  return count;
}
