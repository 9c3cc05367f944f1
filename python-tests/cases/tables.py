"""Table writes: CTAS, INSERT INTO/OVERWRITE, TRUNCATE, saveAsTable, insertInto and writeTo."""
