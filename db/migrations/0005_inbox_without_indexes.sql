DROP INDEX `inbox_update_key_uq`;--> statement-breakpoint
DROP INDEX `inbox_chat_idx`;