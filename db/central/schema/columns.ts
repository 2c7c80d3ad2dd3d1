import { numeric, timestamp } from 'drizzle-orm/pg-core';

/** Every time is timestamptz (a UTC instant); the seed's TIMESTAMP would depend on the server's time zone. */
export const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Money columns stay DECIMAL(10,2) as in the seed. Drizzle hands them over as strings; server/db/money.ts turns
 * them into integer cents at the repository boundary, so no float ever touches an amount.
 */
export const money = () => numeric({ precision: 10, scale: 2 });
