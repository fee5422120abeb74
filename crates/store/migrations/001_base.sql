-- The first schema: boards, rounds, members and their answers, and the board's decisions.
CREATE TABLE instrument (
    id      TEXT    NOT NULL,
    version INTEGER NOT NULL,
    -- The questionnaire file as it was when a round first used it, so old rounds stay readable.
    source  TEXT    NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE organisation (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL UNIQUE,
    is_demo INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE round (
    id                 INTEGER PRIMARY KEY,
    organisation_id    INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    date               TEXT    NOT NULL,
    instrument_id      TEXT    NOT NULL,
    instrument_version INTEGER NOT NULL,
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    UNIQUE (organisation_id, name),
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument(id, version)
);

CREATE TABLE respondent (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    role     TEXT    NOT NULL CHECK (role IN ('chair', 'non-executive', 'executive', 'other')),
    finished INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, name)
);

CREATE TABLE response (
    respondent_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    level         INTEGER,
    dont_know     INTEGER NOT NULL DEFAULT 0,
    comment       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (respondent_id, item_id),
    CHECK (NOT (dont_know AND level IS NOT NULL))
) WITHOUT ROWID;

CREATE TABLE decision (
    round_id  INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    item_id   TEXT    NOT NULL,
    agreed    INTEGER,
    rationale TEXT    NOT NULL DEFAULT '',
    dissent   TEXT    NOT NULL DEFAULT '',
    target    INTEGER,
    PRIMARY KEY (round_id, item_id)
) WITHOUT ROWID;

CREATE TABLE action (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,
    item_id  TEXT,
    text     TEXT    NOT NULL,
    owner    TEXT    NOT NULL DEFAULT '',
    due      TEXT,
    status   TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'dropped'))
);
CREATE INDEX action_round ON action(round_id);
