CREATE TABLE `web_logins` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`person_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `web_logins_token_uq` ON `web_logins` (`token_hash`);--> statement-breakpoint
CREATE INDEX `web_logins_person_idx` ON `web_logins` (`person_id`);--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`login_id` text NOT NULL,
	`person_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `web_sessions_token_uq` ON `web_sessions` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `web_sessions_login_uq` ON `web_sessions` (`login_id`);--> statement-breakpoint
CREATE INDEX `web_sessions_person_idx` ON `web_sessions` (`person_id`);