-- The runtime versions the index spans: each spec version with the first block that ran it
-- (a runtime upgrade takes effect in the block after the one that set the code). Written with
-- the blocks, in the same transaction; filled here from the blocks a database already holds.
CREATE TABLE runtimes (
	spec_version BIGINT PRIMARY KEY,
	first_block BIGINT NOT NULL
);
INSERT INTO runtimes (spec_version, first_block) SELECT spec_version, MIN(height) FROM blocks GROUP BY spec_version;
