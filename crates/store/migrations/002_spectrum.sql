-- Spectrum positions (now and aspiration) per member and agreed, and actions carried between rounds.
ALTER TABLE round ADD COLUMN spectrum_id TEXT;
ALTER TABLE round ADD COLUMN spectrum_version INTEGER;

CREATE TABLE spectrum_position (
    round_id      INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    -- 0 holds the board's agreed position; other values are respondent ids.
    respondent_id INTEGER NOT NULL,
    dimension_id  TEXT    NOT NULL,
    now           INTEGER,
    aspiration    INTEGER,
    PRIMARY KEY (round_id, respondent_id, dimension_id)
) WITHOUT ROWID;

CREATE TRIGGER spectrum_follows_respondent AFTER DELETE ON respondent BEGIN
    DELETE FROM spectrum_position WHERE respondent_id = OLD.id;
END;

ALTER TABLE action ADD COLUMN carried_from INTEGER REFERENCES action(id) ON DELETE SET NULL;
