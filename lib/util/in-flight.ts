/**
 * One attempt per key at a time: a second call while the first runs gets the same promise (two clicks on
 * Create issue make one issue). The key is free again once the attempt settles.
 */
export class InFlight<V> {
  readonly #running = new Map<string, Promise<V>>();

  run(key: string, start: () => Promise<V>): Promise<V> {
    const pending = this.#running.get(key);
    if (pending) return pending;
    const attempt = start().finally(() => this.#running.delete(key));
    this.#running.set(key, attempt);
    return attempt;
  }
}
