/** A Map that keeps its newest `max` entries: the background lives for hours and must not grow without end. */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #max: number;

  constructor(max: number) {
    super();
    this.#max = max;
  }

  override set(key: K, value: V): this {
    // Re-setting a key makes it the newest.
    super.delete(key);
    super.set(key, value);
    if (this.size > this.#max) this.delete(this.keys().next().value as K);
    return this;
  }
}

/**
 * Answers that stay fresh for a while, shared by everyone asking meanwhile: two views asking for the same
 * thing at the same moment make one request. A failed answer is forgotten at once, so the next ask retries.
 */
export class FreshPromises<V> {
  readonly #entries: BoundedMap<string, { at: number; value: Promise<V> }>;
  readonly #freshMs: number;

  constructor(options: { max: number; freshMs: number }) {
    this.#entries = new BoundedMap(options.max);
    this.#freshMs = options.freshMs;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.#entries.get(key);
    if (cached && Date.now() - cached.at < this.#freshMs) return cached.value;
    const entry = { at: Date.now(), value: load() };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.value;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
