// One configuration key: its variable, its default (written once, shown by --help), what it means and how
// its text becomes a checked value. Services declare their own keys beside their code (DESIGN rule 3).

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigKey<T> {
  readonly name: string;
  /** The text used when the variable is unset or empty; '' means "unset". */
  readonly default: string;
  readonly description: string;
  /** Turns the text into the value; throws ConfigProblem with a message that completes "NAME=value …". */
  parse(raw: string): T;
}

export type ConfigSpec = Readonly<Record<string, ConfigKey<unknown>>>;
export type ConfigValues<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends ConfigKey<infer T> ? T : never;
};

/** A set of keys and, when some keys only make sense together, a check over their values. */
export interface ConfigDefinition<S extends ConfigSpec = ConfigSpec> {
  readonly keys: S;
  readonly check?: (values: ConfigValues<S>) => string[];
}

export class ConfigProblem extends Error {}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function defineConfig<S extends ConfigSpec>(
  keys: S,
  check?: (values: ConfigValues<S>) => string[]
): ConfigDefinition<S> {
  return check ? { keys, check } : { keys };
}

function make<T>(name: string, fallback: string, description: string, parse: (raw: string) => T): ConfigKey<T> {
  return { name, default: fallback, description, parse };
}

/** Builders for the usual kinds of key. */
export const key = {
  string(
    name: string,
    fallback: string,
    description: string,
    pattern?: { test: RegExp; says: string }
  ): ConfigKey<string> {
    return make(name, fallback, description, (raw) => {
      if (pattern && !pattern.test.test(raw)) throw new ConfigProblem(pattern.says);
      return raw;
    });
  },
  /** A string whose default is "unset": null when empty. */
  optional(name: string, description: string, check?: (raw: string) => string | null): ConfigKey<string | null> {
    return make(name, '', description, (raw) => {
      if (raw === '') return null;
      const problem = check?.(raw);
      if (problem) throw new ConfigProblem(problem);
      return raw;
    });
  },
  int(name: string, fallback: number, min: number, max: number, description: string): ConfigKey<number> {
    return make(name, String(fallback), description, (raw) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        throw new ConfigProblem(`must be a whole number from ${min} to ${max}`);
      }
      return value;
    });
  },
  /** One of a few words, in any case (the seed's .env writes LOG_LEVEL=INFO). */
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[], description: string): ConfigKey<T> {
    return make(name, fallback, description, (raw) => {
      const value = raw.toLowerCase();
      if ((allowed as readonly string[]).includes(value)) return value as T;
      throw new ConfigProblem(`is not one of ${allowed.join(', ')}`);
    });
  },
  list(
    name: string,
    fallback: string,
    description: string,
    check?: (item: string) => string | null
  ): ConfigKey<string[]> {
    return make(name, fallback, description, (raw) => {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        const problem = check?.(item);
        if (problem) throw new ConfigProblem(`has ${JSON.stringify(item)}, which ${problem}`);
      }
      return items;
    });
  }
};

/** Reads every key of a definition from the environment; each problem is one line naming its variable. */
export function readConfig<S extends ConfigSpec>(
  definition: ConfigDefinition<S>,
  env: Env,
  problems: string[]
): ConfigValues<S> {
  const values: Record<string, unknown> = {};
  for (const [field, k] of Object.entries(definition.keys)) {
    const given = env[k.name]?.trim();
    const raw = given === undefined || given === '' ? k.default : given;
    try {
      values[field] = k.parse(raw);
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      problems.push(`${k.name}=${JSON.stringify(raw)} ${error.message}`);
      values[field] = undefined;
    }
  }
  const typed = values as ConfigValues<S>;
  if (problems.length === 0 && definition.check) problems.push(...definition.check(typed));
  return typed;
}

export function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
