-- The benchmark library (issue 26): other organisations' results packs, kept as the exact JSON
-- they wrote with its SHA-256, filed by organisation, questionnaire and round. Every pack a
-- consultant adds is kept; which one is compared (the newest round of each organisation and
-- questionnaire) is worked out when the library is read, so an older pack stays aside without a
-- flag that could go stale. The unique constraints refuse the same pack twice and a second pack
-- for one organisation's round (a re-produced one replaces it in one transaction).
CREATE TABLE benchmark_pack (
    id            INTEGER PRIMARY KEY,
    organisation  TEXT    NOT NULL,
    instrument    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    round         TEXT    NOT NULL,
    round_date    TEXT    NOT NULL,
    produced      TEXT    NOT NULL,
    sha256        TEXT    NOT NULL UNIQUE,
    pack          TEXT    NOT NULL,
    UNIQUE (organisation, instrument, round)
);
CREATE INDEX benchmark_pack_newest ON benchmark_pack(instrument, organisation, round_date);

-- An organisation may ask for more other boards than the five every benchmark figure needs
-- before its own board is compared; never fewer.
CREATE TABLE benchmark_minimum (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisation(id) ON DELETE CASCADE,
    boards          INTEGER NOT NULL CHECK (boards >= 5)
);
