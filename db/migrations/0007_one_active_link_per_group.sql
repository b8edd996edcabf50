-- A group chat may be linked to one unit at a time (the next migration makes it a unique index).
-- Where older versions linked a chat to several units, the first link stays and the later ones end.
UPDATE `group_links` SET `unlinked_at` = CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE `unlinked_at` IS NULL AND EXISTS (
  SELECT 1 FROM `group_links` AS `first`
  WHERE `first`.`platform` = `group_links`.`platform`
    AND `first`.`chat_id` = `group_links`.`chat_id`
    AND `first`.`unlinked_at` IS NULL
    AND (`first`.`linked_at` < `group_links`.`linked_at`
      OR (`first`.`linked_at` = `group_links`.`linked_at` AND `first`.`id` < `group_links`.`id`))
);
