-- A revision per round: whenever anything a round's score depends on changes (its members, their
-- answers, the board's decisions), the round takes a new revision in the same transaction. A score
-- computed at one revision can then be reused until the next, so a trend over ten years of rounds
-- rescores only the rounds that changed. Revisions come from one counter that never goes back, so
-- a round created after another was deleted (and given its id) never inherits its revision.
CREATE TABLE revision_counter (n INTEGER NOT NULL);
INSERT INTO revision_counter (n) VALUES (0);

ALTER TABLE round ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER round_starts_at_a_new_revision AFTER INSERT ON round BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id = NEW.id;
END;

CREATE TRIGGER respondent_added_revises_round AFTER INSERT ON respondent BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id = NEW.round_id;
END;
CREATE TRIGGER respondent_changed_revises_round AFTER UPDATE ON respondent BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER respondent_removed_revises_round AFTER DELETE ON respondent BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id = OLD.round_id;
END;

CREATE TRIGGER response_added_revises_round AFTER INSERT ON response BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter)
    WHERE id = (SELECT round_id FROM respondent WHERE id = NEW.respondent_id);
END;
CREATE TRIGGER response_changed_revises_round AFTER UPDATE ON response BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter)
    WHERE id IN (SELECT round_id FROM respondent WHERE id IN (OLD.respondent_id, NEW.respondent_id));
END;
CREATE TRIGGER response_removed_revises_round AFTER DELETE ON response BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter)
    WHERE id = (SELECT round_id FROM respondent WHERE id = OLD.respondent_id);
END;

CREATE TRIGGER decision_added_revises_round AFTER INSERT ON decision BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id = NEW.round_id;
END;
CREATE TRIGGER decision_changed_revises_round AFTER UPDATE ON decision BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER decision_removed_revises_round AFTER DELETE ON decision BEGIN
    UPDATE revision_counter SET n = n + 1;
    UPDATE round SET revision = (SELECT n FROM revision_counter) WHERE id = OLD.round_id;
END;

-- Rounds that existed before this migration start at distinct revisions too.
UPDATE round SET revision = -id;
