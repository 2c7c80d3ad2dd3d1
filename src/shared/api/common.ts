// Pieces every API payload uses. Field names are snake_case like the seed's columns; money is integer cents.
import { z } from 'zod';

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
/** An instant in ISO 8601 with an offset ("2026-01-01T10:00:00Z"); parsed to a Date. */
export const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
/** How an instant is sent back: ISO 8601 UTC. */
export const InstantOut = z.string();

export const MAX_PAGE_SIZE = 100;
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number().int(), limit: z.number().int(), total: z.number().int() });

/** Every error the API returns. `fields` lists the failing inputs of a 400. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Free text from users: trimmed, bounded, no control characters (they break logs and receipts). */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'control characters are not allowed');
export const NonEmptyText = (max: number) => Text(max).min(1);
