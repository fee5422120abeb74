-- The room (issue 25 §1). Without a roster, a round takes ballots started over the network only up
-- to twice the board's expected size, set when collection starts (30 unless the facilitator says).
ALTER TABLE round ADD COLUMN expected_members INTEGER NOT NULL DEFAULT 30 CHECK (expected_members > 0);

-- The facilitator may discard a ballot that holds no answer (a mistyped name, a second try), and
-- that is on record like every other change to a round's collection. SQLite cannot change a CHECK,
-- so the table is copied into one that allows the new event.
CREATE TABLE collection_event_010 (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    event    TEXT    NOT NULL CHECK (event IN ('started', 'ended', 'forced', 'reopened-ballot', 'discarded-ballot'))
);
INSERT INTO collection_event_010 (id, round_id, at, event) SELECT id, round_id, at, event FROM collection_event;
DROP TABLE collection_event;
ALTER TABLE collection_event_010 RENAME TO collection_event;
CREATE INDEX collection_event_round ON collection_event(round_id);
