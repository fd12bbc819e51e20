"""romantik.migration_ops.postgres_only, used by the migrations that add PostgreSQL-only indexes: the same
operation as the `_run(statements)` each of them once wrote out (a RunPython, not elidable, no state), the same
SQL, run on PostgreSQL only, and one a squash can write out."""

import importlib

import pytest
from django.db import connection, migrations
from django.db.migrations.state import ProjectState
from django.db.migrations.writer import MigrationWriter

from romantik.migration_ops import PostgresStatements, postgres_only

USERS = (
    "catalogue.migrations.0002_postgres_search_indexes",
    "catalogue.migrations.0004_recommendation_number_trgm",
    "submissions.migrations.0012_title_number_trgm",
)


@pytest.mark.parametrize("name", USERS)
def test_each_migration_runs_its_own_sql_as_a_runpython_that_changes_no_state(name):
    module = importlib.import_module(name)
    (operation,) = module.Migration.operations
    assert type(operation) is migrations.RunPython and not operation.elidable and operation.reversible
    assert operation.code.statements == tuple(module.FORWARDS)
    assert operation.reverse_code.statements == tuple(module.BACKWARDS)
    state = ProjectState()
    operation.state_forwards("romantik", state)
    assert state.models == {}


def test_a_string_is_refused_rather_than_run_character_by_character():
    with pytest.raises(TypeError):
        postgres_only("DROP INDEX x", ())


def test_a_squash_can_write_the_operation_out():
    operation = postgres_only(("SELECT 1", "SELECT 2"), ("SELECT 3",))
    text, imports = MigrationWriter.serialize(operation)
    assert "romantik.migration_ops.PostgresStatements(('SELECT 1', 'SELECT 2'))" in text
    namespace = {}
    # The writer puts `from django.db import migrations` at the top of every migration it writes.
    exec("\n".join(["from django.db import migrations", *imports, f"op = {text}"]), namespace)  # noqa: S102
    assert namespace["op"].code == PostgresStatements(("SELECT 1", "SELECT 2"))


class _Editor:
    def __init__(self, vendor):
        self.connection = type("C", (), {"vendor": vendor})()
        self.executed = []

    def execute(self, sql):
        self.executed.append(sql)


def test_the_statements_run_in_order_on_postgresql_and_not_elsewhere():
    statements = PostgresStatements(["SELECT 1", "SELECT 2"])
    for vendor, expected in (("postgresql", ["SELECT 1", "SELECT 2"]), ("sqlite", [])):
        editor = _Editor(vendor)
        statements(None, editor)
        assert editor.executed == expected


@pytest.mark.django_db
def test_the_test_database_has_the_indexes_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trgm_gin'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm_gin'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {
        "catalogue_title_trgm_gin",
        "catalogue_number_trgm_gin",
        "submission_title_trgm_gin",
        "submission_number_trgm_gin",
    }
    assert names >= expected if connection.vendor == "postgresql" else not names & expected
