-- A member's page numbers its changes (issue 25 §5): the newest number saved per ballot and
-- question is kept here, inside the save's own transaction, so a stale resend never overwrites a
-- newer answer, even across a restart of the devices server. Needed only while the ballot can
-- change: forgotten when the member resumes (a new page numbers afresh), finishes, or when
-- collection ends.
CREATE TABLE ballot_change (
    respondent_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,
    question      TEXT    NOT NULL,
    seq           INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, question)
) WITHOUT ROWID;
