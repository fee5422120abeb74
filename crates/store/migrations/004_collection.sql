-- Private collection, enforced by the database rather than the page. While a round is collecting,
-- the API serves only its ballot; ending collection takes the facilitator's PIN, kept here only as
-- a salted hash. Wrong PINs are counted and slowed down across restarts.
ALTER TABLE round ADD COLUMN collecting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE round ADD COLUMN pin_hash TEXT;
ALTER TABLE round ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
-- Unix seconds before which no PIN is checked (after repeated wrong PINs).
ALTER TABLE round ADD COLUMN pin_retry_after INTEGER NOT NULL DEFAULT 0;
-- A random key per round that orders anonymous member codes and rows, so neither follows the
-- order in which members joined.
ALTER TABLE round ADD COLUMN anon_key BLOB;
UPDATE round SET anon_key = randomblob(16);
CREATE TRIGGER round_gets_an_anonymity_key AFTER INSERT ON round WHEN NEW.anon_key IS NULL BEGIN
    UPDATE round SET anon_key = randomblob(16) WHERE id = NEW.id;
END;

-- A member carries on with their resume code (kept as a salted hash). Their page holds a ballot
-- key (kept as its SHA-256), replaced at every resume and cleared when the ballot is finished.
ALTER TABLE respondent ADD COLUMN resume_hash TEXT;
ALTER TABLE respondent ADD COLUMN resume_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE respondent ADD COLUMN ballot_key TEXT;

-- What happened to a round's collection and when: forced ends are on record.
CREATE TABLE collection_event (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    event    TEXT    NOT NULL CHECK (event IN ('started', 'ended', 'forced', 'reopened-ballot'))
);
CREATE INDEX collection_event_round ON collection_event(round_id);

-- The smallest role group whose figures may be shown; an organisation may raise it (never below 2).
ALTER TABLE organisation ADD COLUMN min_group INTEGER NOT NULL DEFAULT 3 CHECK (min_group >= 2);
