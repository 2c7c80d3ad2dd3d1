/**
 * The demo a first start seeds when no API is configured (quoted in the README). These PINs are public on
 * purpose: a demo booth holds no real money. Delete the data folder to seed it again with fresh windows.
 */
export const DEMO = {
  lotId: '0190a000-0000-7000-8000-00000000d001',
  lotName: 'Demo lot: Riverside',
  address: '1 Riverside Walk',
  timeZone: 'Europe/London',
  bays: 120,
  tariff: { price_cents: 250, price_type: 'hour', increment_minutes: 15, grace_minutes: 10, daily_cap_cents: 2000 },
  staff: {
    manager: { id: '0190a000-0000-7000-8000-00000000a001', name: 'Maya Manager', role: 'manager', pin: '1234' },
    attendant: { id: '0190a000-0000-7000-8000-00000000a002', name: 'Alex Attendant', role: 'attendant', pin: '0000' },
  },
  /** Pre-booked bookings, window relative to the seeding time (minutes). */
  bookings: [
    { plate: 'AB12CDE', model: 'VW Golf', pin: '4321', from: -10, until: 8 * 60, bay: 12, note: 'valid now' },
    { plate: 'RX15JKL', model: 'Tesla Model 3', pin: '1470', from: -60, until: 30 * 24 * 60, bay: null, note: 'valid for 30 days' },
    { plate: 'LK70XYZ', model: 'Ford Fiesta', pin: '2468', from: 20, until: 3 * 60, bay: 14, note: 'reserved soon' },
    { plate: 'GF19ABC', model: 'Kia Ceed', pin: '1357', from: 24 * 60, until: 28 * 60, bay: null, note: 'tomorrow: too early' },
    { plate: 'CN68DEF', model: 'Mini', pin: '9753', from: 0, until: 4 * 60, bay: null, note: 'cancelled' },
    { plate: 'MV21GHI', model: 'Audi A3', pin: '8642', from: -120, until: 6 * 60, bay: 5, note: 'already inside' },
  ],
} as const;

export interface DemoPass {
  booking_id: string;
  plate: string;
  pin: string;
  pass: string;
  note: string;
}
