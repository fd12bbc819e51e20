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
"""

import threading

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# The stand-in id the querysets are compiled with: no row has it, and no other parameter of a fixed read equals it.
STAND_IN = -730_000_001


class CompiledRead:
    """`make(id)`'s queryset, compiled once per database alias and vendor, run for any id."""

    def __init__(self, make):
        self._make = make
        self._db: str | None = None  # the alias the queryset reads (fixed: no router sends it elsewhere per call)
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple:
        queryset: QuerySet = self._make(STAND_IN)
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled read cannot prefetch: read the related rows with a CompiledRead of their own")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = tuple(i for i, value in enumerate(params) if value == STAND_IN)
        if not places:
            raise ValueError("the queryset does not use its id")
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return compiler, sql, tuple(params), places, converters

    def _get(self, alias: str | None = None) -> tuple[str, tuple]:
        alias = alias or self._db or self._make(STAND_IN).db
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

    def _fetch(self, id_, alias: str | None) -> tuple[str, object, list]:
        alias, (compiler, sql, params, places, converters) = self._get(alias)
        params = list(params)
        for place in places:
            params[place] = id_
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return alias, compiler, rows

    def rows(self, id_, alias: str | None = None) -> list[tuple]:
        """The rows of a values_list queryset for `id_`, as tuples of converted values."""
        _alias, _compiler, rows = self._fetch(id_, alias)
        return [tuple(row) for row in rows]

    def instances(self, id_, alias: str | None = None) -> list:
        """The instances a model queryset would give for `id_`, with their select_related rows, in its order; a
        related row read for several rows (the author of fifty notes) is one instance."""
        alias, compiler, rows = self._fetch(id_, alias)
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
