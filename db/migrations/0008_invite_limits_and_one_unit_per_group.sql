CREATE TABLE `invite_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invite_failures_scope_at_idx` ON `invite_failures` (`scope`,`at`);--> statement-breakpoint
CREATE INDEX `invite_failures_at_idx` ON `invite_failures` (`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `group_links_active_chat_uq` ON `group_links` (`platform`,`chat_id`) WHERE unlinked_at IS NULL;