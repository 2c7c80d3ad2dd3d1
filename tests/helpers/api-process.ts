// The real API process (`tsx server/main.ts`, as `npm run server` starts it) for tests of what only a process
// shows: start-up, shutdown on a signal, several processes on one database.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { PassSigner } from '../../src/shared/pass';

/** A port nothing listens on once this resolves (for a server to come later, or for one that never will). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What an API process needs in test mode: fresh secrets, a free port (PORT=0), info logs; plus `extra`. */
export function apiEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    PORT: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    JWT_REFRESH_SECRET: randomBytes(32).toString('base64url'),
    PASS_SIGNING_KEY: PassSigner.generate().toPkcs8(),
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface ApiProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its exit code (null: killed by a signal). */
  exited: Promise<number | null>;
  /** Its base URL once it listens (needs LOG_LEVEL info: Fastify logs the address); throws if it exits first. */
  listening(): Promise<string>;
  /** Resolves once its output contains `text`; throws if it exits first. */
  printed(text: string): Promise<void>;
}

export function spawnApi(env: NodeJS.ProcessEnv): ApiProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async <T>(found: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 1200; i++) {
      const value = found();
      if (value !== undefined) return value;
      if (child.exitCode !== null) throw new Error(`API exited (${child.exitCode}): ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`API did not get there in 60 s: ${output}`);
  };
  return {
    child,
    output: () => output,
    exited,
    listening: () => waitFor(() => /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]),
    printed: (text) => waitFor(() => (output.includes(text) ? true : undefined)).then(() => undefined),
  };
}
