// Schemas for what crosses into the background: remote answers and the extension's requests. The API is the
// subset of zod/mini the code used (same names, same results), written here because zod/mini cost the service
// worker 9 kB gzip for it. Behaviour kept from zod/mini 4.6: objects strip unknown keys; a key absent from
// the input is left out of the output unless its schema made a value of `undefined` (a transform's ''); a
// required key may not be absent even where its schema accepts undefined (z.unknown()); a union's value is its
// first matching option's; checks run only on a value of the right type. A failure reports its first issue,
// with the path to it and zod/mini's message, "Invalid input" (zod/mini has no localised messages).

const MESSAGE = 'Invalid input';

class Issue {
  readonly path: PropertyKey[] = [];
}

/** A value, or the first issue found in it. */
type Parsed = unknown;
type Run = (input: unknown) => Parsed;
const failed = (parsed: Parsed): parsed is Issue => parsed instanceof Issue;
function at(issue: Issue, key: PropertyKey): Issue {
  issue.path.unshift(key);
  return issue;
}

export type SafeParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };

/** True when the value passes the check. */
type Check<T> = (value: T) => boolean;

/** `Optional` is zod's "optout": an object key of such a schema may be absent (and is typed `key?:`). */
export interface Schema<Output, Optional extends boolean = boolean, Input = unknown> {
  readonly _output: Output;
  readonly _input: Input;
  readonly _optional: Optional;
  /** Whether an absent object key is run through the schema as undefined (zod's "optin"). */
  readonly absentAllowed: boolean;
  readonly optional: Optional;
  readonly run: Run;
  safeParse(input: unknown): SafeParseResult<Output>;
  /** The value, or an error naming the first issue's path. */
  parse(input: unknown): Output;
  check(...checks: Array<Check<Output>>): Schema<Output, Optional, Input>;
}

// Methods' parameters are bivariant: a Schema<string> is a Schema<unknown>.
type AnySchema = Schema<unknown, boolean, unknown>;
type Output<S> = S extends Schema<infer O, boolean, unknown> ? O : never;
export type { Output as infer };

function schema<O, Optional extends boolean = false, I = unknown>(
  run: Run,
  absentAllowed = false,
  optional = false,
): Schema<O, Optional, I> {
  return {
    absentAllowed,
    optional,
    run,
    safeParse(input) {
      const parsed = run(input);
      return failed(parsed)
        ? { success: false, error: { issues: [{ path: parsed.path, message: MESSAGE }] } }
        : { success: true, data: parsed as O };
    },
    parse(input) {
      const parsed = run(input);
      if (failed(parsed)) throw new Error(`${MESSAGE} at ${parsed.path.join('.')}`);
      return parsed as O;
    },
    check: (...checks) =>
      schema(
        (input) => {
          const parsed = run(input);
          return failed(parsed) || checks.every((check) => check(parsed as O)) ? parsed : new Issue();
        },
        absentAllowed,
        optional,
      ),
  } as Schema<O, Optional, I>;
}

const ofType = <O>(test: (input: unknown) => boolean) => schema<O>((input) => (test(input) ? input : new Issue()));

export const string = () => ofType<string>((input) => typeof input === 'string');
export const number = () => ofType<number>((input) => typeof input === 'number' && Number.isFinite(input));
export const int = () => ofType<number>((input) => Number.isSafeInteger(input));
export const boolean = () => ofType<boolean>((input) => typeof input === 'boolean');
export const unknown = () => ofType<unknown>(() => true);
export const literal = <const T extends string>(value: T) => ofType<T>((input) => input === value);
const _enum = <const T extends readonly string[]>(values: T) => ofType<T[number]>((input) => values.includes(input as string));
export { _enum as enum };

export const minLength =
  (min: number) =>
  (value: { length: number }): boolean =>
    value.length >= min;
export const maxLength =
  (max: number) =>
  (value: { length: number }): boolean =>
    value.length <= max;
export const regex =
  (pattern: RegExp) =>
  (value: string): boolean => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  };
export const gte =
  (min: number) =>
  (value: number): boolean =>
    value >= min;
export const lte =
  (max: number) =>
  (value: number): boolean =>
    value <= max;

export const optional = <S extends AnySchema>(inner: S): Schema<Output<S> | undefined, true> =>
  schema((input) => (input === undefined ? input : inner.run(input)), true, true);

export const nullable = <S extends AnySchema>(inner: S): Schema<Output<S> | null, S['_optional']> =>
  schema((input) => (input === null ? input : inner.run(input)), inner.absentAllowed, inner.optional);

export const transform = <I = unknown, O = I>(change: (input: I) => O): Schema<O, false, I> => schema((input) => change(input as I), true);

export const pipe = <A extends AnySchema, B extends Schema<unknown, boolean, Output<A>>>(
  first: A,
  then: B | Schema<unknown, boolean, Output<A>>,
): Schema<Output<B>, B['_optional']> =>
  schema(
    (input) => {
      const parsed = first.run(input);
      return failed(parsed) ? parsed : then.run(parsed);
    },
    first.absentAllowed,
    then.optional,
  );

export const union = <const Options extends readonly AnySchema[]>(
  options: Options,
): Schema<Output<Options[number]>, Options[number]['_optional']> =>
  schema(
    (input) => {
      for (const option of options) {
        const parsed = option.run(input);
        if (!failed(parsed)) return parsed;
      }
      return new Issue();
    },
    options.some((option) => option.absentAllowed),
    options.some((option) => option.optional),
  );

export const array = <S extends AnySchema>(item: S): Schema<Array<Output<S>>, false> =>
  schema((input) => {
    if (!Array.isArray(input)) return new Issue();
    const items: unknown[] = [];
    for (const [index, element] of input.entries()) {
      const parsed = item.run(element);
      if (failed(parsed)) return at(parsed, index);
      items.push(parsed);
    }
    return items;
  });

export const tuple = <const Items extends readonly AnySchema[]>(
  items: Items,
): Schema<{ -readonly [K in keyof Items]: Output<Items[K]> }, false> =>
  schema((input) => {
    if (!Array.isArray(input) || input.length !== items.length) return new Issue();
    const values: unknown[] = [];
    for (const [index, item] of items.entries()) {
      const parsed = item.run(input[index]);
      if (failed(parsed)) return at(parsed, index);
      values.push(parsed);
    }
    return values;
  });

const isObject = (input: unknown): input is Record<PropertyKey, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

export const record = <V extends AnySchema>(_key: Schema<string, false>, value: V): Schema<Record<string, Output<V>>, false> =>
  schema((input) => {
    const prototype = isObject(input) && Object.getPrototypeOf(input);
    if (prototype !== Object.prototype && prototype !== null) return new Issue();
    const entries: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(input as object)) {
      if (typeof key !== 'string') return at(new Issue(), key);
      if (key === '__proto__') continue;
      const parsed = value.run((input as Record<string, unknown>)[key]);
      if (failed(parsed)) return at(parsed, key);
      entries[key] = parsed;
    }
    return entries;
  });

type Shape = Record<string, AnySchema>;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
type ObjectOutput<S extends Shape> = Flatten<
  { [K in keyof S as S[K]['_optional'] extends true ? K : never]?: Output<S[K]> } & {
    [K in keyof S as S[K]['_optional'] extends true ? never : K]: Output<S[K]>;
  }
>;

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>, false> {
  readonly shape: S;
}

export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  const keys = Object.keys(shape);
  const parse = schema<ObjectOutput<S>>((input) => {
    if (!isObject(input)) return new Issue();
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      const field = shape[key]!;
      const present = key in input;
      // An absent key of an optional schema is left out, whatever the schema would make of undefined.
      if (!present && field.optional && field.absentAllowed) continue;
      if (!present && !field.absentAllowed) return at(new Issue(), key);
      const parsed = field.run(input[key]);
      if (failed(parsed)) return at(parsed, key);
      if (parsed !== undefined || present) result[key] = parsed;
    }
    return result;
  });
  return { ...parse, shape };
}

export const extend = <S extends Shape, T extends Shape>(base: ObjectSchema<S>, shape: T): ObjectSchema<Omit<S, keyof T> & T> =>
  object({ ...base.shape, ...shape }) as ObjectSchema<Omit<S, keyof T> & T>;

/** Each option an object whose `key` is a literal; the first whose literal the input's `key` matches parses it. */
export const discriminatedUnion = <const Options extends readonly ObjectSchema<Shape>[]>(
  key: string,
  options: Options,
): Schema<Output<Options[number]>, false> =>
  schema((input) => {
    if (!isObject(input)) return new Issue();
    const option = options.find((candidate) => !failed((candidate.shape as Shape)[key]!.run(input[key])));
    return option ? option.run(input) : at(new Issue(), key);
  });
