/**
 * The API's configuration, read once from the environment and validated with zod. A bad value stops start-up
 * with a message naming the variable. Secrets have no default outside development; in development the missing
 * ones are generated once and kept in the data folder (server/dev-secrets.ts) so a restart keeps sessions valid.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { PassSigner } from '../src/shared/pass';

const DURATION = /^(\d+)\s*([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "15m" → 900. The seed's JWT_EXPIRES_IN style; a bare number is seconds. */
export function parseDuration(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const m = DURATION.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const s = parseDuration(v);
      if (s === null || s <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 15m, 7d or 3600' });
        return z.NEVER;
      }
      return s;
    });

const secret = z.string().min(32, 'must be at least 32 characters').optional();
/**
 * Connections to PostgreSQL per API process. Few on purpose: a booking is CPU work in both Node and the database,
 * and more connections than cores mostly wait on each other's lot locks (the API bench books ~12% faster
 * with 10 than with 20 on 2 cores).
 */
export const DEFAULT_POOL_SIZE = 10;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: positiveInt(DEFAULT_POOL_SIZE),
  DATABASE_CONNECT_TIMEOUT: duration('30s'),
  DATABASE_LOCK_TIMEOUT: duration('5s'),
  DATABASE_IDLE_TRANSACTION_TIMEOUT: duration('30s'),
  PARKPASS_DATA_DIR: z.string().min(1).default('./data/server'),
  JWT_SECRET: secret,
  JWT_REFRESH_SECRET: secret,
  JWT_EXPIRES_IN: duration('15m'),
  JWT_REFRESH_EXPIRES_IN: duration('7d'),
  PASS_SIGNING_KEY: z.string().min(1).optional(),
  FRONTEND_URL: z.string().optional(),
  AUTH_RATE_LIMIT: positiveInt(10),
  VALIDATE_RATE_LIMIT: positiveInt(120),
  PASSWORD_RESET_TTL: duration('30m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** How long start-up waits for PostgreSQL to accept connections (it may start after the API). */
  databaseConnectTimeoutSeconds: number;
  /** How long a statement may wait for a lock (one held by a stuck session) before the request gets a 503. */
  databaseLockTimeoutSeconds: number;
  databaseIdleTransactionTimeoutSeconds: number;
  dataDir: string;
  jwt: { secret: string; refreshSecret: string; accessTtlSeconds: number; refreshTtlSeconds: number };
  passSigner: PassSigner;
  corsOrigins: string[];
  /** Requests per minute per client address. */
  rateLimits: { auth: number; validate: number };
  passwordResetTtlSeconds: number;
  /** log2 of scrypt's N for new password hashes (stored with each hash, so it can be raised later). */
  passwordCost: number;
  logLevel: string;
  trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`${variable}: ${detail}`);
  }
}

export interface DevSecrets {
  jwtSecret: string;
  jwtRefreshSecret: string;
  passSigningKey: string;
}

/**
 * Parses `env` into a Config. `devSecrets` supplies the secrets missing in development (never called otherwise).
 */
export function loadConfig(env: NodeJS.ProcessEnv, devSecrets?: (dataDir: string) => DevSecrets): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const dataDir = resolve(e.PARKPASS_DATA_DIR);
  const needed = (['JWT_SECRET', 'JWT_REFRESH_SECRET', 'PASS_SIGNING_KEY'] as const).filter((k) => !e[k]);
  let generated: DevSecrets | undefined;
  if (needed.length > 0) {
    if (e.NODE_ENV !== 'development' || !devSecrets) {
      throw new ConfigError(needed[0]!, `required when NODE_ENV is ${e.NODE_ENV}`);
    }
    generated = devSecrets(dataDir);
  }
  if (e.JWT_SECRET && e.JWT_SECRET === e.JWT_REFRESH_SECRET) {
    throw new ConfigError('JWT_REFRESH_SECRET', 'must differ from JWT_SECRET');
  }
  let passSigner: PassSigner;
  try {
    passSigner = PassSigner.fromPkcs8(e.PASS_SIGNING_KEY ?? generated!.passSigningKey);
  } catch {
    throw new ConfigError('PASS_SIGNING_KEY', 'expected an Ed25519 PKCS#8 key in base64url (PassSigner.toPkcs8())');
  }
  const corsOrigins = (e.FRONTEND_URL ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!URL.canParse(origin)) throw new ConfigError('FRONTEND_URL', `not a URL: ${origin}`);
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT,
    databaseLockTimeoutSeconds: e.DATABASE_LOCK_TIMEOUT,
    databaseIdleTransactionTimeoutSeconds: e.DATABASE_IDLE_TRANSACTION_TIMEOUT,
    dataDir,
    jwt: {
      secret: e.JWT_SECRET ?? generated!.jwtSecret,
      refreshSecret: e.JWT_REFRESH_SECRET ?? generated!.jwtRefreshSecret,
      accessTtlSeconds: e.JWT_EXPIRES_IN,
      refreshTtlSeconds: e.JWT_REFRESH_EXPIRES_IN,
    },
    passSigner,
    corsOrigins,
    rateLimits: { auth: e.AUTH_RATE_LIMIT, validate: e.VALIDATE_RATE_LIMIT },
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
    passwordCost: 15,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
  };
}
