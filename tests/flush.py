"""The database flush after a transactional test (tests/conftest.py's teardown hook), cheaper on PostgreSQL."""

from contextlib import contextmanager


@contextmanager
def flush_filled_tables_only():
    """While a transactional test is torn down, Django's flush after it empties only the tables holding rows."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [_flush_filled_only([self.quote_name(table) for table in tables])]

    DatabaseOperations.sql_flush = sql_flush
    try:
        yield
    finally:
        DatabaseOperations.sql_flush = original


def _flush_filled_only(names: list[str]) -> str:
    """Django's flush on PostgreSQL truncates every table, ~130 of them after a test that filled a few: each
    TRUNCATE swaps the table's files, 1.5–3 s a test on a loaded machine. Here, with every table locked as
    TRUNCATE would lock it, the rows of the tables holding any are deleted (the foreign keys, deferred, checked
    at the end); should that fail, every table is truncated as before. No table keeps a row either way."""
    listed = ", ".join(names)
    literals = ", ".join("'" + name.replace("'", "''") + "'" for name in names)
    return f"""DO $flush$
DECLARE
  name text;
  filled boolean;
BEGIN
  LOCK TABLE {listed} IN ACCESS EXCLUSIVE MODE;
  BEGIN
    SET CONSTRAINTS ALL DEFERRED;
    FOREACH name IN ARRAY ARRAY[{literals}]::text[] LOOP
      EXECUTE 'SELECT EXISTS (SELECT 1 FROM ' || name || ')' INTO filled;
      IF filled THEN
        EXECUTE 'DELETE FROM ' || name;
      END IF;
    END LOOP;
    SET CONSTRAINTS ALL IMMEDIATE;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'flush by DELETE failed (%), truncating instead', SQLERRM;
    EXECUTE 'TRUNCATE {listed.replace("'", "''")}';
  END;
END $flush$;"""
