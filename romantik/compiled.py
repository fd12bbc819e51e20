"""Fixed ORM reads compiled to SQL once per process (issue 20).

Some reads run on every request with the same shape and only one id changing: the person's office roles and
agency membership (every signed-in page), an office's closed days, years and reviewers (the queue), the review
page's submission, assignments, notes, consultations and comments. Django compiles a queryset into SQL on every
run, and for these the compiling cost more CPU than the database spent running the query.

`CompiledRead(make)` takes `make(id)`, a function giving the queryset for an id. It compiles `make(STAND_IN)` once
per database alias and vendor, then runs the same SQL text with the request's id in the stand-in's places, and
turns the rows into what the queryset would give, with Django's own machinery: the database's column converters,
`Model.from_db`, and select_related's populators. The read is the queryset's own: a change of a model or of the
queryset is a change of the compiled SQL at the next start of the process. A queryset that prefetches, or that
does not use its id, is refused when first compiled (a programming error, seen by the first test that runs it).
It relies on the compiler's `select`/`klass_info`, as Django 5.2 (pinned) has them; tests/romantik/test_compiled.py
compares every read with its queryset.

A read of more than an id (one office's counts of open work as of a day) names a stand-in for each value it takes,
`CompiledRead(make, stand_ins=(STAND_IN, DAY_STAND_INS[0]))`, and is run with as many values: `read.rows(pk, day)`.
Each stand-in must reach the SQL as a parameter of its own (a value Django turns into another, as `day + 1`, is
not one: compile the computed value's own stand-in instead).
"""

import datetime
import threading

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# The stand-in id the querysets are compiled with: no row has it, and no other parameter of a fixed read equals it.
STAND_IN = -730_000_001
# Stand-in days for reads that also take days: no row has them, and no other parameter of a fixed read equals them.
DAY_STAND_INS = (datetime.date(1001, 1, 1), datetime.date(1001, 1, 2), datetime.date(1001, 1, 3))


def _adapted(connection, value):
    """A value as the backend's compiler puts it among the parameters (SQLite's dates are strings)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


class CompiledRead:
    """`make(id)`'s queryset (or `make(*stand_ins)`'s), compiled once per database alias and vendor, run for any
    id (any values)."""

    def __init__(self, make, *, stand_ins: tuple = (STAND_IN,)):
        self._make = make
        self._stand_ins = stand_ins
        self._db: str | None = None  # the alias the queryset reads (fixed: no router sends it elsewhere per call)
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple:
        queryset: QuerySet = self._make(*self._stand_ins)
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled read cannot prefetch: read the related rows with a CompiledRead of their own")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = []  # for each stand-in, where its value goes among the parameters
        for n, stand_in in enumerate(self._stand_ins):
            adapted = _adapted(connections[alias], stand_in)
            places.append(tuple(i for i, value in enumerate(params) if value == adapted))
            if not places[-1]:
                raise ValueError(
                    "the queryset does not use its id" if n == 0 else f"the queryset does not use value {n}"
                )
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return compiler, sql, tuple(params), tuple(places), converters

    def _get(self, alias: str | None = None) -> tuple[str, tuple]:
        alias = alias or self._db or self._make(*self._stand_ins).db
        self._db = self._db or alias
        key = f"{alias}:{connections[alias].vendor}"
        found = self._compiled.get(key)
        if found is None:
            with self._lock:
                found = self._compiled.get(key) or self._compile(alias)
                self._compiled[key] = found
        return alias, found

    def sql(self, alias: str | None = None) -> str:
        return self._get(alias)[1][1]

    def _fetch(self, values: tuple, alias: str | None) -> tuple[str, object, list]:
        alias, (compiler, sql, params, places, converters) = self._get(alias)
        if len(values) != len(places):
            raise TypeError(f"this read takes {len(places)} values, not {len(values)}")
        params = list(params)
        for value, value_places in zip(values, places, strict=True):
            value = _adapted(connections[alias], value)
            for place in value_places:
                params[place] = value
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return alias, compiler, rows

    def rows(self, *values, alias: str | None = None) -> list[tuple]:
        """The rows of a values_list queryset for the id (the values), as tuples of converted values."""
        _alias, _compiler, rows = self._fetch(values, alias)
        return [tuple(row) for row in rows]

    def instances(self, *values, alias: str | None = None) -> list:
        """The instances a model queryset would give for the id (the values), with their select_related rows, in its
        order; a related row read for several rows (the author of fifty notes) is one instance."""
        alias, compiler, rows = self._fetch(values, alias)
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        model = klass_info["model"]
        populators = [_Shared(p) for p in get_related_populators(klass_info, select, alias)]
        found = []
        for row in rows:
            instance = model.from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            found.append(instance)
        return found


class _Shared:
    """Django's populator of a related row (`RelatedPopulator`), making one instance of each related row for all
    the rows read."""

    def __init__(self, populator):
        self.populator = populator
        self.made: dict = {}

    def populate(self, row, from_obj) -> None:
        p = self.populator
        data = p.reorder_for_init(row) if p.reorder_for_init else row[p.cols_start : p.cols_end]
        pk = data[p.pk_idx]
        if pk is None:
            p.local_setter(from_obj, None)
            return
        obj = self.made.get(pk)
        if obj is None:
            obj = self.made[pk] = p.model_cls.from_db(p.db, p.init_list, data)
            for related in p.related_populators:
                related.populate(row, obj)
        p.local_setter(from_obj, obj)
        p.remote_setter(obj, from_obj)
