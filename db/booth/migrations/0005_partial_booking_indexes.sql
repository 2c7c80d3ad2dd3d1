DROP INDEX `bookings_qr_code_uq`;--> statement-breakpoint
DROP INDEX `bookings_lot_pin_end_idx`;--> statement-breakpoint
DROP INDEX `bookings_lot_status_idx`;--> statement-breakpoint
DROP INDEX `bookings_bay_idx`;--> statement-breakpoint
DROP INDEX `bookings_lot_check_in_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_qr_uq` ON `bookings` (`qr_code`) WHERE qr_code IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_lot_pin_idx` ON `bookings` (`lot_id`,`pin`,`end_time`) WHERE pin IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_lot_pin_live_idx` ON `bookings` (`lot_id`,`pin`,`end_time`) WHERE pin IS NOT NULL AND status IN ('pending', 'active');--> statement-breakpoint
CREATE INDEX `bookings_lot_held_idx` ON `bookings` (`lot_id`,`status`,`start_time`) WHERE bay_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_bay_held_idx` ON `bookings` (`bay_id`,`status`,`start_time`) WHERE bay_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_lot_arrivals_idx` ON `bookings` (`lot_id`,`check_in_time`) WHERE check_in_time IS NOT NULL;