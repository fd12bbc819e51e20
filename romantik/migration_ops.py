"""Migration operations shared by the apps' migrations.

`postgres_only(forwards_sql, backwards_sql)`: SQL that only PostgreSQL has (pg_trgm, GIN and expression indexes),
run in order by the schema editor, a no-op on SQLite (the embedded default). It is a `RunPython`, not a `RunSQL`:
the migrations that use it were applied as `RunPython` in production, and neither changes the recorded state
(no model state: the indexes are not declared on the models), so the database and the migration graph stay as
they are. Not elidable: a squash keeps it. The statements are a deconstructible object, so a squash can write
them out, which a closure could not be."""

from collections.abc import Iterable

from django.db import migrations
from django.utils.deconstruct import deconstructible


@deconstructible(path="romantik.migration_ops.PostgresStatements")
class PostgresStatements:
    """The code of a `RunPython`: each statement through the schema editor, on PostgreSQL only."""

    def __init__(self, statements: Iterable[str]):
        self.statements = tuple(statements)

    def __call__(self, apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in self.statements:
            schema_editor.execute(statement)

    def __eq__(self, other):
        return isinstance(other, PostgresStatements) and self.statements == other.statements

    def __hash__(self):
        return hash(self.statements)


def postgres_only(forwards_sql: Iterable[str], backwards_sql: Iterable[str]) -> migrations.RunPython:
    """Run `forwards_sql` on migrate and `backwards_sql` on its reversal, each a sequence of statements."""
    for sql in (forwards_sql, backwards_sql):
        if isinstance(sql, str):  # one statement would be iterated character by character
            raise TypeError("postgres_only takes sequences of statements, not one string")
    return migrations.RunPython(PostgresStatements(forwards_sql), PostgresStatements(backwards_sql), elidable=False)
