export * from './enums';
export * from './users';
export * from './lots';
export * from './bookings';
export * from './sync';
export * from './live';
