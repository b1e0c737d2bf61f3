/**
 * Environment variables for `${NAME}` substitution (process.env, or a plain object in tests).
 * Its own module at the bottom so lib/notify can read the same env without importing the config loader.
 */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;
