CREATE TABLE `command_usage` (
	`person_id` text NOT NULL,
	`command` text NOT NULL,
	`uses` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	PRIMARY KEY(`person_id`, `command`)
);
