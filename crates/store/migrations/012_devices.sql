-- The room (issue 25 §5, §6). While a round collects, the devices server's port and join code are
-- kept with it, so an app restart serves the same address and the QR code on the wall stays
-- valid; and the facilitator's optional time box ends at a Unix second. All three are forgotten
-- when collection ends.
ALTER TABLE round ADD COLUMN devices_port INTEGER CHECK (devices_port BETWEEN 1 AND 65535);
ALTER TABLE round ADD COLUMN devices_join_code TEXT;
ALTER TABLE round ADD COLUMN time_box_ends INTEGER;
