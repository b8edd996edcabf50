CREATE TABLE `inbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`update_key` text NOT NULL,
	`chat_key` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`lease_until` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_update_key_uq` ON `inbox` (`update_key`);--> statement-breakpoint
CREATE INDEX `inbox_chat_idx` ON `inbox` (`chat_key`,`seq`);