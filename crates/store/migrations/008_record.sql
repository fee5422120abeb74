-- The board's record (issue 27).
--
-- Follow-through: what became of an action, in the board's words, and where the evidence is.
ALTER TABLE action ADD COLUMN note     TEXT NOT NULL DEFAULT '';
ALTER TABLE action ADD COLUMN evidence TEXT NOT NULL DEFAULT '';

-- The decision history: every change to an item's decision (agreed score, target, rationale,
-- dissent) appends an entry with the time it was saved and the values before and after. Each
-- entry's hash is SHA-256 over the previous entry's hash and the entry (canonical JSON, computed
-- in Rust by govmat_core::entry_hash), and the last hash is kept with the round, so an edit made
-- outside govmat (an SQLite tool) shows when the chain is verified.
CREATE TABLE decision_history (
    round_id      INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    -- Seconds since 1970 (UTC) when the change was saved.
    at            INTEGER NOT NULL,
    item_id       TEXT    NOT NULL,
    origin        TEXT    NOT NULL CHECK (origin IN ('start', 'change')),
    had_old       INTEGER NOT NULL DEFAULT 0,
    old_agreed    INTEGER,
    old_target    INTEGER,
    old_rationale TEXT    NOT NULL DEFAULT '',
    old_dissent   TEXT    NOT NULL DEFAULT '',
    new_agreed    INTEGER,
    new_target    INTEGER,
    new_rationale TEXT    NOT NULL DEFAULT '',
    new_dissent   TEXT    NOT NULL DEFAULT '',
    -- NULL only between this migration and the sealing that follows it in the same transaction.
    hash          TEXT,
    PRIMARY KEY (round_id, seq)
) WITHOUT ROWID;

ALTER TABLE round ADD COLUMN history_head TEXT;

-- A database from before the history was kept starts each round's chain from the decisions it
-- holds now, recorded as such ('start', at the time of this migration); the Rust side hashes
-- them in order straight after (govmat_store's history::seal).
INSERT INTO decision_history
    (round_id, seq, at, item_id, origin, new_agreed, new_target, new_rationale, new_dissent)
SELECT round_id,
       ROW_NUMBER() OVER (PARTITION BY round_id ORDER BY item_id),
       CAST(strftime('%s', 'now') AS INTEGER),
       item_id, 'start', agreed, target, rationale, dissent
FROM decision;
