CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`booking_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolution` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_open_idx` ON `sync_conflicts` (`lot_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `sync_leases` (
	`lot_id` text PRIMARY KEY NOT NULL,
	`walkins` integer NOT NULL,
	`granted_at` integer NOT NULL
);
