/** One thing the background does when it starts; `run` may throw or reject. */
export interface StartupStep<Name extends string> {
  name: Name;
  run: () => unknown;
  /**
   * A step listed earlier that must have settled first (well or not), e.g. the Origin rule before a PUT. The
   * types admit only the steps' own names; one listed later stops the start at once (there is nothing to wait for).
   */
  after?: NoInfer<Name>;
}

export interface Startup<Name extends string> {
  /** Settles (never rejects) once the named step has finished, well or not. */
  settled(name: Name): Promise<void>;
  /** Settles (never rejects) once every step has finished. */
  readonly allSettled: Promise<void>;
}

/**
 * Starts every step at once, each on its own: a step that fails is logged with its name and never keeps the
 * others from running (a broken Origin rule must not leave the extension without its poll alarm or badge).
 */
export function runStartup<const Name extends string>(steps: readonly StartupStep<Name>[], logFailure = defaultLogFailure): Startup<Name> {
  const done = new Map<Name, Promise<void>>();
  for (const step of steps) {
    const before = step.after === undefined ? Promise.resolve() : (done.get(step.after) as Promise<void>);
    const finished = before.then(step.run).then(
      () => undefined,
      (error: unknown) => {
        logFailure(step.name, error);
      },
    );
    done.set(step.name, finished);
  }
  return {
    settled: (name) => done.get(name) as Promise<void>,
    allSettled: Promise.all(done.values()).then(() => undefined),
  };
}

function defaultLogFailure(name: string, error: unknown): void {
  console.error(`Error Tracker start-up step "${name}" failed`, error);
}
