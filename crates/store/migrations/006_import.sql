-- Forms import (issue 13): what identifies a member of a round on re-import of the same Forms
-- export. It holds a hash of the form's response id or email, never the id itself; NULL for
-- members entered by hand or from govmat's own CSV, whom their name identifies.
ALTER TABLE respondent ADD COLUMN external_id TEXT;
