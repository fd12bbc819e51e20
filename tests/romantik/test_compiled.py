"""romantik.compiled.CompiledRead: a fixed read compiled once gives, for any id, what its queryset gives (values,
instances, select_related rows shared between rows), and refuses what it cannot stand for. The reads built on it
are compared with their querysets where they are used (tests/romantik/test_frame.py, tests/review/test_detail_reads.py,
tests/review/test_queue_page.py)."""

import datetime

import pytest

from romantik.compiled import DAY_STAND_INS, STAND_IN, CompiledRead
from romantik.enums import Role
from romantik.models import OfficeClosure, OfficeRole
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = CompiledRead(lambda user_id: OfficeRole.objects.filter(user_id=user_id).values_list("office__code", "role"))
WITH_OFFICE = CompiledRead(
    lambda user_id: OfficeRole.objects.select_related("office__region", "user").filter(user_id=user_id).order_by("pk")
)


def _roles(user, office, *roles):
    for role in roles:
        OfficeRole.objects.create(user=user, office=office, role=role)


def test_values_and_instances_are_the_querysets_for_every_id():
    first, second, nobody = UserFactory(), UserFactory(), UserFactory()
    office, other = OfficeFactory(), OfficeFactory()
    _roles(first, office, Role.REVIEWER, Role.HEAD)
    _roles(second, other, Role.FRONT_DESK)
    for user in (first, second, nobody):
        expected = OfficeRole.objects.filter(user_id=user.pk).values_list("office__code", "role")
        assert sorted(ROLES.rows(user.pk)) == sorted(expected)
        made = WITH_OFFICE.instances(user.pk)
        orm = list(OfficeRole.objects.select_related("office__region", "user").filter(user_id=user.pk).order_by("pk"))
        assert [(r.pk, r.role, r.office.code, r.office.region_id, r.user.email) for r in made] == [
            (r.pk, r.role, r.office.code, r.office.region_id, r.user.email) for r in orm
        ]
        assert all(r._state.db == "default" and not r._state.adding for r in made)
    # One person and one office read for both rows: one instance each, as Django's iterator gives.
    made = WITH_OFFICE.instances(first.pk)
    assert made[0].office is made[1].office and made[0].user is made[1].user


def test_one_compile_then_each_call_one_query(django_assert_num_queries):
    user = UserFactory()
    _roles(user, OfficeFactory(), Role.REVIEWER)
    ROLES.rows(user.pk)
    with django_assert_num_queries(1):
        assert len(ROLES.rows(user.pk)) == 1
    sql, params = OfficeRole.objects.filter(user_id=7).values_list("office__code", "role").query.sql_with_params()
    assert ROLES.sql() == sql and params == (7,)


def test_a_read_that_prefetches_or_ignores_its_id_is_refused():
    with pytest.raises(ValueError, match="prefetch"):
        CompiledRead(lambda user_id: OfficeRole.objects.filter(user_id=user_id).prefetch_related("office")).rows(1)
    with pytest.raises(ValueError, match="id"):
        CompiledRead(lambda user_id: OfficeRole.objects.all()).rows(1)


CLOSED_BETWEEN = CompiledRead(
    lambda office_id, first, last: (
        OfficeClosure.objects.filter(office_id=office_id, date__gte=first, date__lte=last)
        .order_by("date")
        .values_list("date", flat=True)
    ),
    stand_ins=(STAND_IN, *DAY_STAND_INS[:2]),
)


def test_a_read_of_an_id_and_days_is_the_querysets_for_any_values():
    office, other = OfficeFactory(), OfficeFactory()
    day = datetime.date(2026, 3, 10)

    def later(n):
        return day + datetime.timedelta(days=n)

    for n in range(5):
        OfficeClosure.objects.create(office=office, date=later(n), reason="Tutup")
    OfficeClosure.objects.create(office=other, date=day, reason="Tutup")
    for pk, first, last in ((office.pk, day, later(2)), (other.pk, day, day), (office.pk, later(1), later(3))):
        expected = OfficeClosure.objects.filter(office_id=pk, date__gte=first, date__lte=last).order_by("date")
        assert [d for (d,) in CLOSED_BETWEEN.rows(pk, first, last)] == [c.date for c in expected]
    assert [d for (d,) in CLOSED_BETWEEN.rows(office.pk, later(1), later(3))] == [later(1), later(2), later(3)]
    assert CLOSED_BETWEEN.rows(office.pk, later(9), later(9)) == []
    with pytest.raises(TypeError, match="3 values"):
        CLOSED_BETWEEN.rows(office.pk, day)
    ignores_its_day = CompiledRead(
        lambda pk, day: OfficeClosure.objects.filter(office_id=pk), stand_ins=(STAND_IN, DAY_STAND_INS[0])
    )
    with pytest.raises(ValueError, match="value 1"):
        ignores_its_day.rows(office.pk, day)
