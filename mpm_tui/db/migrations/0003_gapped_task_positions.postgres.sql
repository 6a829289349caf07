-- Task positions become order keys spread 65,536 apart (mpm_tui/logic/board_positions.py):
-- the old slots 0..n-1 keep their order, and a move writes one row instead of renumbering
-- the column. The column is widened first so the keys have room (SQLite's INTEGER is 64-bit).
ALTER TABLE "task" ALTER COLUMN "position" TYPE BIGINT;
UPDATE "task" SET "position" = ("position" + 1) * 65536;
