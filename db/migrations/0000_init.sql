CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_person_id` text,
	`via` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `chat_identities` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`person_id` text NOT NULL,
	`display_name` text,
	`linked_at` integer NOT NULL,
	`unreachable_at` integer,
	`unreachable_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_identities_platform_ext_uq` ON `chat_identities` (`platform`,`external_id`);--> statement-breakpoint
CREATE INDEX `chat_identities_person_idx` ON `chat_identities` (`person_id`);--> statement-breakpoint
CREATE TABLE `flows` (
	`key` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`kind` text NOT NULL,
	`step` text NOT NULL,
	`data` text NOT NULL,
	`choices` text,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `group_links` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`mode` text DEFAULT 'group' NOT NULL,
	`linked_by` text,
	`linked_at` integer NOT NULL,
	`unlinked_at` integer
);
--> statement-breakpoint
CREATE INDEX `group_links_unit_idx` ON `group_links` (`unit_id`);--> statement-breakpoint
CREATE INDEX `group_links_chat_idx` ON `group_links` (`platform`,`chat_id`);--> statement-breakpoint
CREATE TABLE `invites` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	`kind` text DEFAULT 'person' NOT NULL,
	`person_name` text,
	`person_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_person_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_code_uq` ON `invites` (`code`);--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meeting_records` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text,
	`unit_id` text NOT NULL,
	`period` text NOT NULL,
	`held_on` text NOT NULL,
	`present` integer NOT NULL,
	`total` integer NOT NULL,
	`absent_excused` integer DEFAULT 0 NOT NULL,
	`absent_unexcused` integer DEFAULT 0 NOT NULL,
	`kind` text NOT NULL,
	`topic` text,
	`attendee_text` text,
	`attendee_person_id` text,
	`grade` text,
	`note` text,
	`revision` integer NOT NULL,
	`is_current` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meeting_records_unit_period_idx` ON `meeting_records` (`unit_id`,`period`,`is_current`);--> statement-breakpoint
CREATE INDEX `meeting_records_period_idx` ON `meeting_records` (`period`,`is_current`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`slot` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`place` text,
	`topic` text,
	`kind` text DEFAULT 'regular' NOT NULL,
	`source` text DEFAULT 'rule' NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`next_reminder_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_unit_slot_uq` ON `meetings` (`unit_id`,`slot`);--> statement-breakpoint
CREATE INDEX `meetings_next_reminder_idx` ON `meetings` (`next_reminder_at`);--> statement-breakpoint
CREATE INDEX `meetings_scheduled_idx` ON `meetings` (`scheduled_at`);--> statement-breakpoint
CREATE TABLE `notice_receipts` (
	`notice_id` text NOT NULL,
	`person_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`ack_at` integer,
	PRIMARY KEY(`notice_id`, `person_id`)
);
--> statement-breakpoint
CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`unit_id` text NOT NULL,
	`from_person_id` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`person_id` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`expires_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`sent_message_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_uq` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`reminder_channel` text DEFAULT 'both' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `processed_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processed_keys_at_idx` ON `processed_keys` (`at`);--> statement-breakpoint
CREATE TABLE `report_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`revision` integer NOT NULL,
	`data` text NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_revisions_uq` ON `report_revisions` (`report_id`,`revision`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`security` text,
	`production` text,
	`petitions_raised` integer,
	`petitions_resolved` integer,
	`petitions_text` text,
	`difficulties` text,
	`proposals` text,
	`late` integer DEFAULT false NOT NULL,
	`revision` integer NOT NULL,
	`first_submitted_at` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_by` text NOT NULL,
	`returned_note` text,
	`returned_by` text,
	`returned_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_unit_period_uq` ON `reports` (`unit_id`,`period`);--> statement-breakpoint
CREATE INDEX `reports_period_idx` ON `reports` (`period`);--> statement-breakpoint
CREATE TABLE `role_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer
);
--> statement-breakpoint
CREATE INDEX `roles_person_idx` ON `role_assignments` (`person_id`);--> statement-breakpoint
CREATE INDEX `roles_unit_idx` ON `role_assignments` (`unit_id`,`role`);--> statement-breakpoint
CREATE TABLE `supervisor_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assignments_unit_idx` ON `supervisor_assignments` (`unit_id`);--> statement-breakpoint
CREATE INDEX `assignments_person_idx` ON `supervisor_assignments` (`person_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`depth` integer NOT NULL,
	`meeting_rule` text,
	`member_count` integer,
	`next_plan_at` integer,
	`merged_into_id` text,
	`valid_from` text,
	`valid_to` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_uq` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_path_idx` ON `units` (`path`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `units_next_plan_idx` ON `units` (`next_plan_at`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`visited_on` text NOT NULL,
	`period` text NOT NULL,
	`meeting_id` text,
	`notes` text,
	`grade` text,
	`unassigned` integer DEFAULT false NOT NULL,
	`latitude` real,
	`longitude` real,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_unit_period_idx` ON `visits` (`unit_id`,`period`);--> statement-breakpoint
CREATE INDEX `visits_person_idx` ON `visits` (`person_id`);