DROP INDEX "idx_sessions_refresh_token";--> statement-breakpoint
DROP INDEX "idx_users_email";--> statement-breakpoint
DROP INDEX "idx_bookings_qr_code";