-- The seed's eight default amenities. ON CONFLICT keeps this safe on a database that already has them.
INSERT INTO "amenities" ("name", "icon") VALUES
  ('CCTV Security', 'shield'),
  ('EV Charging', 'zap'),
  ('Covered Parking', 'umbrella'),
  ('Elevator Access', 'arrow-up'),
  ('Car Wash', 'droplets'),
  ('Valet Service', 'user'),
  ('24/7 Access', 'clock'),
  ('Disabled Access', 'accessibility')
ON CONFLICT ("name") DO NOTHING;
