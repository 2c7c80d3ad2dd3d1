CREATE INDEX `bays_lot_status_number_idx` ON `bays` (`lot_id`,`status`,`number`);--> statement-breakpoint
CREATE INDEX `audit_lot_idx` ON `audit_log` (`lot_id`,`id`);