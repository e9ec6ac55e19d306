import type { JsonObject } from './sentry-data';

export interface FrameSpec {
  file: string;
  line: number;
  inApp: boolean;
  fn?: string;
}

/**
 * An `exception` entry of a Sentry event as Sentry sends it (the example's shape): one exception whose frames
 * are given oldest call first, as Sentry orders them, each under `/srv/app/` with one line of context.
 */
export function exceptionEntry(type: string, value: string, frames: FrameSpec[]): JsonObject {
  return {
    type: 'exception',
    data: {
      values: [
        {
          type,
          value,
          module: null,
          mechanism: { type: 'generic', handled: false },
          stacktrace: {
            frames: frames.map((f) => ({
              filename: f.file,
              absPath: `/srv/app/${f.file}`,
              module: null,
              function: f.fn ?? 'call',
              lineNo: f.line,
              colNo: null,
              inApp: f.inApp,
              context: [[f.line, `    line ${f.line}`]],
              vars: null,
            })),
            framesOmitted: null,
            hasSystemFrames: true,
            registers: null,
          },
          rawStacktrace: null,
        },
      ],
      hasSystemFrames: true,
      excOmitted: null,
    },
  };
}
