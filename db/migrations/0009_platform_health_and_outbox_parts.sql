CREATE TABLE `platform_health` (
	`platform` text PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'ok' NOT NULL,
	`cause` text,
	`error` text,
	`since` integer,
	`probe_at` integer,
	`probes` integer DEFAULT 0 NOT NULL,
	`resumed_at` integer,
	`refusals` text DEFAULT '[]' NOT NULL,
	`capped_asked_ms` integer,
	`capped_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `outbox_pending_order_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `parts_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_chat_queue_idx` ON `outbox` (`platform`,`chat_id`,`id`,`attempts`,`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE `group_links` ADD `unlink_reason` text;