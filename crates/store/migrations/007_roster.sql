-- The board roster (issue 11): an organisation's members, carried from round to round. A round's
-- members (respondent) are matched to it by name with Unicode case folding and accents set aside;
-- the match is computed in Rust, so two spellings of one person are refused as they are written.
CREATE TABLE roster_member (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL CHECK (role IN ('chair', 'non-executive', 'executive', 'other'))
);
CREATE INDEX roster_member_organisation ON roster_member(organisation_id);

-- Everyone who has answered so far joins their board's roster, with the role they last gave.
-- Spellings that differ only by case or accents stay apart here: the facilitator merges them.
INSERT INTO roster_member (organisation_id, name, role)
SELECT r.organisation_id, p.name, p.role
FROM respondent p JOIN round r ON r.id = p.round_id
WHERE p.id = (SELECT max(q.id) FROM respondent q JOIN round s ON s.id = q.round_id
              WHERE s.organisation_id = r.organisation_id AND q.name = p.name)
ORDER BY p.name;

-- The facilitator's PIN for the roster, set the first time it is opened (salted hash only), with
-- wrong tries counted and slowed down as for the collection PIN.
ALTER TABLE organisation ADD COLUMN pin_hash TEXT;
ALTER TABLE organisation ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN pin_retry_after INTEGER NOT NULL DEFAULT 0;
