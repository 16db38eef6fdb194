-- Pushes to one workspace no longer hold the workspace row for their whole transaction: they lock only the records
-- they change, and take the workspace row last, for one statement, to number their writes. `pos` is that number
-- (per workspace, in commit order: what pulls page by and what `since` means); `head` is the workspace's last one.
-- `seq` stays the table's key, in insertion order, which can differ from commit order.
--
-- Every committed write has a `pos`: the push that inserts a write numbers it in the same transaction, just before
-- COMMIT. A write is inserted with `pos` NULL and is invisible to pulls until then.

ALTER TABLE workspaces ADD COLUMN head bigint NOT NULL DEFAULT 0;
ALTER TABLE writes ADD COLUMN pos bigint;

-- Existing writes keep their numbers: under the old scheme `seq` already followed commit order per workspace.
UPDATE writes SET pos = seq;
UPDATE workspaces w SET head = COALESCE((SELECT MAX(seq) FROM writes WHERE workspace_id = w.id), 0);

DROP INDEX writes_pull;
CREATE UNIQUE INDEX writes_pull ON writes(workspace_id, pos);
