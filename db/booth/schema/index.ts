// The booth's SQLite schema. drizzle-kit reads this folder to generate db/booth/migrations.
export * from './lots';
export * from './bookings';
export * from './staff';
export * from './log';
export * from './config';
export * from './sync';
