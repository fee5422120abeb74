-- A provider collaborative: a named group of partner boards whose shared results packs are held
-- here side by side. A pack is kept as the exact JSON the partner wrote, with its SHA-256; the
-- unique constraints refuse the same pack twice and a second pack for one partner's round
-- (a newer one replaces the older in one transaction).
CREATE TABLE collaborative (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

CREATE TABLE collaborative_pack (
    id               INTEGER PRIMARY KEY,
    collaborative_id INTEGER NOT NULL REFERENCES collaborative(id) ON DELETE CASCADE,
    partner          TEXT    NOT NULL,
    round            TEXT    NOT NULL,
    round_date       TEXT    NOT NULL,
    sha256           TEXT    NOT NULL,
    pack             TEXT    NOT NULL,
    UNIQUE (collaborative_id, partner, round),
    UNIQUE (collaborative_id, sha256)
);
