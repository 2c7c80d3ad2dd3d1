// Storage settings from the seed's variables: AWS_S3_BUCKET switches images to S3 (credentials from
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the SDK's usual chain); otherwise they live on disk.
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config';
import { diskStorage } from './disk';
import { s3Storage } from './s3';
import type { Storage } from './storage';

const Env = z.object({
  AWS_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid S3 bucket name')
    .optional(),
  AWS_REGION: z.string().regex(/^[a-z0-9-]+$/).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** An S3-compatible server instead of AWS (MinIO, the tests' local server). */
  AWS_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  AWS_S3_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  IMAGE_MAX_BYTES: z.coerce.number().int().min(1024).max(25 * 1024 * 1024).default(5 * 1024 * 1024),
});

export interface StorageSettings {
  storage: Storage;
  maxImageBytes: number;
}

export function storageFromEnv(env: NodeJS.ProcessEnv, dataDir: string): StorageSettings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY)) {
    throw new ConfigError(e.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID', 'set both AWS keys or neither');
  }
  const storage = e.AWS_S3_BUCKET
    ? s3Storage({
        bucket: e.AWS_S3_BUCKET,
        region: e.AWS_REGION,
        ...(e.AWS_S3_ENDPOINT ? { endpoint: e.AWS_S3_ENDPOINT } : {}),
        ...(e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? { credentials: { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } }
          : {}),
        ...(e.AWS_S3_PUBLIC_URL ? { publicUrl: e.AWS_S3_PUBLIC_URL } : {}),
      })
    : diskStorage(join(dataDir, 'images'));
  return { storage, maxImageBytes: e.IMAGE_MAX_BYTES };
}
