// Fails the extension's type check (tsconfig.json) if Node's types ever reach it again, e.g. when a WXT update
// imports another package whose declarations reference them: the directive below then has no error to expect.
// @ts-expect-error Node's `process` is not a browser global.
export type NodeProcess = typeof process;
