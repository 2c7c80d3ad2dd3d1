CREATE TABLE `bays` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'available' NOT NULL,
	`booking_id` text,
	`blocked_reason` text,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bays_occupied_ck" CHECK(("bays"."status" = 'occupied') = ("bays"."booking_id" IS NOT NULL)),
	CONSTRAINT "bays_blocked_ck" CHECK(("bays"."status" = 'blocked') = ("bays"."blocked_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bays_lot_number_uq` ON `bays` (`lot_id`,`number`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`time_zone` text NOT NULL,
	`total_bays` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`price_type` text NOT NULL,
	`increment_minutes` integer DEFAULT 15 NOT NULL,
	`grace_minutes` integer DEFAULT 0 NOT NULL,
	`daily_cap_cents` integer,
	`entry_grace_minutes` integer DEFAULT 15 NOT NULL,
	`exit_grace_minutes` integer DEFAULT 15 NOT NULL,
	`no_show_minutes` integer DEFAULT 120 NOT NULL,
	`lost_pass_fee_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "lots_money_ck" CHECK("lots"."price_cents" >= 0 AND "lots"."lost_pass_fee_cents" >= 0 AND coalesce("lots"."daily_cap_cents", 0) >= 0),
	CONSTRAINT "lots_bays_ck" CHECK("lots"."total_bays" >= 0)
);
--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`bay_id` text,
	`bay_number` integer,
	`source` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer,
	`vehicle_number` text NOT NULL,
	`plate_key` text NOT NULL,
	`vehicle_model` text,
	`remarks` text,
	`pin` text,
	`qr_code` text,
	`user_id` text,
	`vehicle_id` text,
	`total_cost_cents` integer DEFAULT 0 NOT NULL,
	`payment_status` text DEFAULT 'pending' NOT NULL,
	`payment_intent_id` text,
	`parking_cost_cents` integer,
	`check_in_time` integer,
	`check_out_time` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bay_id`) REFERENCES `bays`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "bookings_window_ck" CHECK("bookings"."end_time" IS NULL OR "bookings"."end_time" > "bookings"."start_time"),
	CONSTRAINT "bookings_money_ck" CHECK("bookings"."total_cost_cents" >= 0 AND coalesce("bookings"."parking_cost_cents", 0) >= 0),
	CONSTRAINT "bookings_status_ck" CHECK(("bookings"."status" = 'active' AND "bookings"."check_in_time" IS NOT NULL AND "bookings"."check_out_time" IS NULL)
        OR ("bookings"."status" = 'completed' AND "bookings"."check_out_time" IS NOT NULL AND "bookings"."parking_cost_cents" IS NOT NULL)
        OR ("bookings"."status" IN ('pending', 'cancelled') AND "bookings"."check_out_time" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_qr_code_uq` ON `bookings` (`qr_code`);--> statement-breakpoint
CREATE INDEX `bookings_lot_pin_end_idx` ON `bookings` (`lot_id`,`pin`,`end_time`);--> statement-breakpoint
CREATE INDEX `bookings_lot_plate_idx` ON `bookings` (`lot_id`,`plate_key`,`status`);--> statement-breakpoint
CREATE INDEX `bookings_lot_status_idx` ON `bookings` (`lot_id`,`status`,`start_time`);--> statement-breakpoint
CREATE INDEX `bookings_bay_idx` ON `bookings` (`bay_id`,`status`,`start_time`);--> statement-breakpoint
CREATE INDEX `bookings_lot_check_in_idx` ON `bookings` (`lot_id`,`check_in_time`);--> statement-breakpoint
CREATE TABLE `booth_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`shift_id` text,
	`staff_id` text,
	`method` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`tendered_cents` integer,
	`change_cents` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "booth_payments_money_ck" CHECK("booth_payments"."amount_cents" >= 0 AND "booth_payments"."change_cents" >= 0),
	CONSTRAINT "booth_payments_nil_ck" CHECK("booth_payments"."method" <> 'nil' OR ("booth_payments"."amount_cents" = 0 AND "booth_payments"."reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `booth_payments_shift_idx` ON `booth_payments` (`shift_id`);--> statement-breakpoint
CREATE INDEX `booth_payments_lot_time_idx` ON `booth_payments` (`lot_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `booth_payments_booking_idx` ON `booth_payments` (`booking_id`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`booth_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`float_cents` integer DEFAULT 0 NOT NULL,
	`entries` integer DEFAULT 0 NOT NULL,
	`exits` integer DEFAULT 0 NOT NULL,
	`counted_cash_cents` integer,
	`cash_difference_cents` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shifts_money_ck" CHECK("shifts"."float_cents" >= 0 AND coalesce("shifts"."counted_cash_cents", 0) >= 0)
);
--> statement-breakpoint
CREATE INDEX `shifts_staff_open_idx` ON `shifts` (`staff_id`,`closed_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`booth_id` text NOT NULL,
	`lot_id` text,
	`booking_id` text,
	`outbox_id` text,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_lot_kind_idx` ON `audit_log` (`lot_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `audit_kind_idx` ON `audit_log` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `audit_outbox_idx` ON `audit_log` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`lot_id` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `pin_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booth_id` text NOT NULL,
	`scope` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pin_attempts_scope_idx` ON `pin_attempts` (`booth_id`,`scope`,`id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`lot_id` text PRIMARY KEY NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`last_pulled_at` integer,
	`last_pushed_at` integer
);
--> statement-breakpoint
CREATE TABLE `trusted_pass_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`public_key` text NOT NULL,
	`issuer` text NOT NULL,
	`added_at` integer NOT NULL,
	`revoked_at` integer
);
