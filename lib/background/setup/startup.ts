/** One thing the background does when it starts; `run` may throw or reject. */
export interface StartupStep {
  name: string;
  run: () => unknown;
  /** A step listed earlier that must have settled first (well or not), e.g. the Origin rule before a PUT. */
  after?: string;
}

export interface Startup {
  /** Settles (never rejects) once the named step has finished, well or not. */
  settled(name: string): Promise<void>;
  /** Settles (never rejects) once every step has finished. */
  readonly allSettled: Promise<void>;
}

/**
 * Starts every step at once, each on its own: a step that fails is logged with its name and never keeps the
 * others from running (a broken Origin rule must not leave the extension without its poll alarm or badge).
 */
export function runStartup(steps: readonly StartupStep[], logFailure = defaultLogFailure): Startup {
  const done = new Map<string, Promise<void>>();
  for (const step of steps) {
    const before = step.after === undefined ? Promise.resolve() : done.get(step.after);
    if (!before) throw new Error(`Start-up step "${step.name}" waits for "${step.after}", which is not listed before it`);
    const finished = before.then(step.run).then(
      () => undefined,
      (error: unknown) => {
        logFailure(step.name, error);
      },
    );
    done.set(step.name, finished);
  }
  return {
    settled: (name) => {
      const finished = done.get(name);
      if (!finished) throw new Error(`No start-up step named "${name}"`);
      return finished;
    },
    allSettled: Promise.all(done.values()).then(() => undefined),
  };
}

function defaultLogFailure(name: string, error: unknown): void {
  console.error(`Error Tracker start-up step "${name}" failed`, error);
}
