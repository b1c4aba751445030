// A tiny schema toolkit: each schema both validates input (with a message naming the field and
// why) and describes itself as JSON Schema, so the API edge and the OpenAPI document share one
// source of truth.
import { invalid } from '../errors.ts';

export type JsonSchema = { [key: string]: unknown };
/** Named definitions collected while rendering (recursive schemas refer to them by $ref). */
export type Definitions = Map<string, JsonSchema>;

export interface Schema<T> {
  parse(input: unknown, path: string): T;
  json(defs: Definitions): JsonSchema;
  /** Set by optional(): the field may be absent from an object. */
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

interface Doc {
  description?: string;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function string(opts: Doc & { minLength?: number; maxLength?: number; pattern?: RegExp; format?: string } = {}): Schema<string> {
  return {
    parse(input, path) {
      if (typeof input !== 'string') throw invalid(path, `expected a string, got ${describeValue(input)}`);
      if (opts.minLength !== undefined && input.length < opts.minLength) throw invalid(path, `must be at least ${opts.minLength} characters`);
      if (opts.maxLength !== undefined && input.length > opts.maxLength) throw invalid(path, `must be at most ${opts.maxLength} characters`);
      if (opts.pattern && !opts.pattern.test(input)) throw invalid(path, `${describeValue(input)} does not match ${opts.pattern.source}`);
      return input;
    },
    json: () => clean({ type: 'string', minLength: opts.minLength, maxLength: opts.maxLength, pattern: opts.pattern?.source, format: opts.format, description: opts.description }),
  };
}

export function integer(opts: Doc & { minimum?: number; maximum?: number } = {}): Schema<number> {
  return {
    parse(input, path) {
      if (typeof input !== 'number' || !Number.isSafeInteger(input)) throw invalid(path, `expected an integer, got ${describeValue(input)}`);
      if (opts.minimum !== undefined && input < opts.minimum) throw invalid(path, `must be >= ${opts.minimum}`);
      if (opts.maximum !== undefined && input > opts.maximum) throw invalid(path, `must be <= ${opts.maximum}`);
      return input;
    },
    json: () => clean({ type: 'integer', minimum: opts.minimum, maximum: opts.maximum, description: opts.description }),
  };
}

export function boolean(opts: Doc = {}): Schema<boolean> {
  return {
    parse(input, path) {
      if (typeof input !== 'boolean') throw invalid(path, `expected true or false, got ${describeValue(input)}`);
      return input;
    },
    json: () => clean({ type: 'boolean', description: opts.description }),
  };
}

export function oneOfStrings<const T extends readonly string[]>(values: T, opts: Doc & { what?: string } = {}): Schema<T[number]> {
  return {
    parse(input, path) {
      if (typeof input !== 'string' || !values.includes(input)) {
        throw invalid(path, `${describeValue(input)} is not ${opts.what ?? 'allowed'}; expected one of ${values.join(', ')}`);
      }
      return input as T[number];
    },
    json: () => clean({ type: 'string', enum: [...values], description: opts.description }),
  };
}

export function array<T>(item: Schema<T>, opts: Doc & { minItems?: number; maxItems?: number; unique?: boolean } = {}): Schema<T[]> {
  return {
    parse(input, path) {
      if (!Array.isArray(input)) throw invalid(path, `expected an array, got ${describeValue(input)}`);
      if (opts.minItems !== undefined && input.length < opts.minItems) throw invalid(path, `must have at least ${opts.minItems} item(s)`);
      if (opts.maxItems !== undefined && input.length > opts.maxItems) throw invalid(path, `must have at most ${opts.maxItems} items`);
      const out = input.map((value, i) => item.parse(value, `${path}[${i}]`));
      if (opts.unique) assertUnique(out, path);
      return out;
    },
    json: (defs) =>
      clean({ type: 'array', items: item.json(defs), minItems: opts.minItems, maxItems: opts.maxItems, uniqueItems: opts.unique, description: opts.description }),
  };
}

function assertUnique(values: unknown[], path: string): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) throw invalid(`${path}[${i}]`, `${describeValue(value)} is listed twice`);
    seen.add(key);
  });
}

/** A fixed-length array whose items each have their own schema (JSON Schema prefixItems). */
export function tuple<A, B>(items: [Schema<A>, Schema<B>], opts: Doc = {}): Schema<[A, B]> {
  return {
    parse(input, path) {
      if (!Array.isArray(input) || input.length !== items.length) {
        throw invalid(path, `expected an array of exactly ${items.length} items, got ${describeValue(input)}`);
      }
      return [items[0].parse(input[0], `${path}[0]`), items[1].parse(input[1], `${path}[1]`)];
    },
    json: (defs) =>
      clean({ type: 'array', prefixItems: items.map((s) => s.json(defs)), minItems: items.length, maxItems: items.length, description: opts.description }),
  };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    parse: (input, path) => (input === undefined ? undefined : schema.parse(input, path)),
    json: (defs) => schema.json(defs),
  };
}

type Shape = Record<string, Schema<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** An object with a closed set of fields: unknown fields are errors, so typos do not pass silently. */
export function object<S extends Shape>(shape: S, opts: Doc = {}): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return {
    parse(input, path) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid(path, `expected an object, got ${describeValue(input)}`);
      const record = input as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!keys.includes(key)) throw invalid(join(path, key), `unknown field; expected one of ${keys.join(', ')}`);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const field = shape[key]!;
        if (record[key] === undefined && !field.optional) throw invalid(join(path, key), 'is required');
        out[key] = field.parse(record[key], join(path, key));
      }
      return out as ObjectOf<S>;
    },
    json(defs) {
      const properties = Object.fromEntries(keys.map((k) => [k, shape[k]!.json(defs)]));
      const required = keys.filter((k) => !shape[k]!.optional);
      return clean({ type: 'object', properties, required: required.length ? required : undefined, additionalProperties: false, description: opts.description });
    },
  };
}

/**
 * A union where the branch is chosen by looking at the input (so the error comes from the one
 * branch the client meant, not a list of every way it failed).
 */
export function union<T>(branches: { when: (input: unknown) => boolean; schema: Schema<T> }[], expected: string, opts: Doc = {}): Schema<T> {
  return {
    parse(input, path) {
      const branch = branches.find((b) => b.when(input));
      if (!branch) throw invalid(path, `expected ${expected}, got ${describeValue(input)}`);
      return branch.schema.parse(input, path);
    },
    json: (defs) => clean({ oneOf: branches.map((b) => b.schema.json(defs)), description: opts.description }),
  };
}

/** A named, possibly recursive schema: rendered once under components and referenced by $ref. */
export function named<T>(name: string, make: () => Schema<T>): Schema<T> {
  let inner: Schema<T> | undefined;
  const get = () => (inner ??= make());
  return {
    parse: (input, path) => get().parse(input, path),
    json(defs) {
      if (!defs.has(name)) {
        defs.set(name, {}); // placeholder first: recursion stops at the $ref
        defs.set(name, get().json(defs));
      }
      return { $ref: `#/components/schemas/${name}` };
    },
  };
}

/** A schema followed by a check or conversion of the parsed value. */
export function refine<T, U>(schema: Schema<T>, convert: (value: T, path: string) => U, extra: JsonSchema = {}): Schema<U> {
  return {
    optional: schema.optional,
    parse: (input, path) => convert(schema.parse(input, path), path),
    json: (defs) => ({ ...schema.json(defs), ...extra }),
  };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function clean(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined));
}
