-- Keyed identities (issue 23 §2). Each organisation gets a random 256-bit identity key: a Forms
-- response id, an email and an anonymous code are kept only as HMAC-SHA-256 under it, so a hash
-- cannot be recomputed from the board's email list without this database, and two boards' hashes
-- of one email are unrelated. A new organisation gets its key as it is inserted.
ALTER TABLE organisation ADD COLUMN identity_key BLOB;
UPDATE organisation SET identity_key = randomblob(32);
CREATE TRIGGER organisation_gets_an_identity_key AFTER INSERT ON organisation
WHEN NEW.identity_key IS NULL BEGIN
    UPDATE organisation SET identity_key = randomblob(32) WHERE id = NEW.id;
END;

-- The unkeyed SHA-256 hashes of response ids and emails written before this schema could be
-- recomputed from an email list, and a response id "1" of one form matched "1" of another: they
-- are dropped. A re-import into such a round finds its members by name.
UPDATE respondent SET external_id = NULL WHERE external_id IS NOT NULL;

-- Refused starts and resumes of a ballot, counted for the round. Every refusal writes this count,
-- so a refusal costs the same (one password-hash check and one write) whatever its reason, and
-- its timing does not tell a taken name from an unknown one.
ALTER TABLE round ADD COLUMN ballot_refusals INTEGER NOT NULL DEFAULT 0;
