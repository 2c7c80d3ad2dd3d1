CREATE TABLE "applied_commands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"lot_id" uuid,
	"type" varchar(40) NOT NULL,
	"status" varchar(10) NOT NULL,
	"reason" text,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_check_ins" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"command_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booth_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"lot_id" uuid,
	"kind" varchar(40) NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booth_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"method" varchar(10) NOT NULL,
	"amount" numeric(10, 2) NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "booth_payments_amount_check" CHECK ("booth_payments"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booth_walkins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"bay_number" integer,
	"vehicle_number" varchar(20) NOT NULL,
	"vehicle_model" varchar(100),
	"remarks" text,
	"qr_code" varchar(255),
	"status" varchar(10) NOT NULL,
	"check_in_time" timestamp with time zone NOT NULL,
	"check_out_time" timestamp with time zone,
	"parking_cost" numeric(10, 2),
	"payment_status" varchar(10) DEFAULT 'pending' NOT NULL,
	"override_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_lots" (
	"device_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"lease_walkins" integer DEFAULT 0 NOT NULL,
	"lease_granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_lots_device_id_lot_id_pk" PRIMARY KEY("device_id","lot_id")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "devices_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "enrollment_codes" (
	"code_hash" varchar(64) PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"device_id" uuid
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" varchar(40) NOT NULL,
	"detail" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "sync_feed" (
	"lot_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"entity" varchar(20) NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_feed_lot_id_seq_pk" PRIMARY KEY("lot_id","seq")
);
--> statement-breakpoint
CREATE TABLE "sync_lot_heads" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"pruned_through" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applied_commands" ADD CONSTRAINT "applied_commands_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booth_payments" ADD CONSTRAINT "booth_payments_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booth_walkins" ADD CONSTRAINT "booth_walkins_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_lots" ADD CONSTRAINT "device_lots_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_lots" ADD CONSTRAINT "device_lots_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_codes" ADD CONSTRAINT "enrollment_codes_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_codes" ADD CONSTRAINT "enrollment_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_codes" ADD CONSTRAINT "enrollment_codes_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_conflicts" ADD CONSTRAINT "sync_conflicts_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_feed" ADD CONSTRAINT "sync_feed_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_lot_heads" ADD CONSTRAINT "sync_lot_heads_lot_id_parking_spots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."parking_spots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_booth_events_device" ON "booth_events" USING btree ("device_id","at");--> statement-breakpoint
CREATE INDEX "idx_booth_payments_lot" ON "booth_payments" USING btree ("lot_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_booth_walkins_lot_status" ON "booth_walkins" USING btree ("lot_id","status");--> statement-breakpoint
CREATE INDEX "idx_device_lots_lot" ON "device_lots" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "idx_devices_owner" ON "devices" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "idx_sync_conflicts_lot" ON "sync_conflicts" USING btree ("lot_id","resolved_at");--> statement-breakpoint
CREATE INDEX "idx_sync_feed_created" ON "sync_feed" USING btree ("created_at");