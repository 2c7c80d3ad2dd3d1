DROP INDEX `pin_attempts_scope_idx`;--> statement-breakpoint
CREATE INDEX `pin_attempts_scope_ok_idx` ON `pin_attempts` (`booth_id`,`scope`,`ok`,`id`);