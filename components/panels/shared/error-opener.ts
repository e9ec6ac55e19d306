import type { ErrorSummary } from '@/lib/domain/model';

/** How something outside a panel (a line marker) opens an error's details in it. */
export class ErrorOpener {
  #listener: ((error: ErrorSummary) => void) | undefined;

  readonly open = (error: ErrorSummary): void => this.#listener?.(error);

  /** The panel listens while it is mounted; returns the end of listening. */
  listen(listener: (error: ErrorSummary) => void): () => void {
    this.#listener = listener;
    return () => {
      if (this.#listener === listener) this.#listener = undefined;
    };
  }
}
