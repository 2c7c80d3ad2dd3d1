DROP INDEX "idx_live_events_topic_id";--> statement-breakpoint
ALTER TABLE "live_events" ADD COLUMN "xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_live_events_xid_id" ON "live_events" USING btree ("xid","id");--> statement-breakpoint
CREATE INDEX "idx_live_events_topic_xid_id" ON "live_events" USING btree ("topic","xid","id");