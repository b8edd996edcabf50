-- Keeps cell_months (0001) current from the fact tables, whoever writes them: the bot's write sets,
-- the CLI imports, the demo seed, tests. Every insert, update or delete of a meeting record, report or
-- visit queues its unit-month (old and new, for an update) in cell_month_refresh; the trigger on that
-- queue recomputes the unit-month's row from the base tables and removes the queue row, so the rule
-- for a row is written once, here, and a refresh is correct whatever changed (and idempotent).
-- Triggers run inside the statement that fired them: in the same savepoint of a Node group commit,
-- in the same D1 batch. Delete-then-insert (not an upsert) so that no conflict clause of the outer
-- statement can change how the trigger's own statements resolve conflicts.
CREATE TABLE `cell_month_refresh` (
	`unit_id` text NOT NULL,
	`period` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `cell_month_refresh_run` AFTER INSERT ON `cell_month_refresh`
BEGIN
	DELETE FROM cell_months WHERE unit_id = NEW.unit_id AND period = NEW.period;
	INSERT INTO cell_months (unit_id, period, meetings, thematic, present, total, grade_tot, grade_kha,
		grade_trung_binh, grade_kem, report, petitions_raised, petitions_resolved, visits, unassigned_visits)
	SELECT NEW.unit_id, NEW.period, m.n, m.thematic, m.present, m.total, m.g1, m.g2, m.g3, m.g4,
		r.st, r.raised, r.resolved, v.n, v.unassigned
	FROM (
		SELECT count(*) AS n, coalesce(sum(kind <> 'regular'), 0) AS thematic,
			coalesce(sum(present), 0) AS present, coalesce(sum(total), 0) AS total,
			coalesce(sum(grade = 'tot'), 0) AS g1, coalesce(sum(grade = 'kha'), 0) AS g2,
			coalesce(sum(grade = 'trung_binh'), 0) AS g3, coalesce(sum(grade = 'kem'), 0) AS g4
		FROM meeting_records WHERE unit_id = NEW.unit_id AND period = NEW.period AND is_current = 1
	) AS m, (
		SELECT coalesce(max(CASE WHEN status = 'returned' THEN 1 WHEN late THEN 2 ELSE 3 END), 0) AS st,
			coalesce(sum(coalesce(petitions_raised, 0)), 0) AS raised,
			coalesce(sum(coalesce(petitions_resolved, 0)), 0) AS resolved
		FROM reports WHERE unit_id = NEW.unit_id AND period = NEW.period
	) AS r, (
		SELECT count(*) AS n, coalesce(sum(unassigned), 0) AS unassigned
		FROM visits WHERE unit_id = NEW.unit_id AND period = NEW.period
	) AS v
	WHERE m.n > 0 OR r.st > 0 OR v.n > 0;
	DELETE FROM cell_month_refresh WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_meeting_records_insert` AFTER INSERT ON `meeting_records`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (NEW.unit_id, NEW.period);
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_meeting_records_update` AFTER UPDATE ON `meeting_records`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period)
	SELECT OLD.unit_id, OLD.period UNION SELECT NEW.unit_id, NEW.period;
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_meeting_records_delete` AFTER DELETE ON `meeting_records`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (OLD.unit_id, OLD.period);
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_reports_insert` AFTER INSERT ON `reports`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (NEW.unit_id, NEW.period);
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_reports_update` AFTER UPDATE ON `reports`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period)
	SELECT OLD.unit_id, OLD.period UNION SELECT NEW.unit_id, NEW.period;
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_reports_delete` AFTER DELETE ON `reports`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (OLD.unit_id, OLD.period);
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_visits_insert` AFTER INSERT ON `visits`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (NEW.unit_id, NEW.period);
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_visits_update` AFTER UPDATE ON `visits`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period)
	SELECT OLD.unit_id, OLD.period UNION SELECT NEW.unit_id, NEW.period;
END;
--> statement-breakpoint
CREATE TRIGGER `cell_months_visits_delete` AFTER DELETE ON `visits`
BEGIN
	INSERT INTO cell_month_refresh (unit_id, period) VALUES (OLD.unit_id, OLD.period);
END;
--> statement-breakpoint
-- Backfill: every unit-month that already has facts, through the same refresh.
INSERT INTO cell_month_refresh (unit_id, period)
SELECT unit_id, period FROM meeting_records WHERE is_current = 1
UNION SELECT unit_id, period FROM reports
UNION SELECT unit_id, period FROM visits;
