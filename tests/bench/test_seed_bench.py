"""`manage.py seed_bench` at a tiny scale: the shape of the national data set, its gap-free numbering, its
reset, and the demo data on top (bench/national.py measures the full size, docs/PERFORMANCE.md)."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from letters.models import Letter
from portal.management.commands.seed_bench import BENCH_DOMAIN, BENCH_PASSWORD, bench_users
from review.models import SectionNote
from romantik import seed_data
from romantik.enums import OfficeLevel
from romantik.models import Counter, Office, Region
from submissions.models import RoundSnapshot, Submission, Transition
from submissions.states import State

TODAY = date(2027, 3, 4)
COUNTS = {"agencies": 12, "submissions": 150, "letters": 25}

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_bench", **{**COUNTS, **options}, allow_sqlite=True, today=TODAY, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_module(module_db) -> str:
    """The national data set at a tiny scale, seeded once for the module (`module_db`): each test reads it, or
    changes it in its own savepoint (a second run, a reset), rolled back after it."""
    return _seed()


@pytest.fixture
def seeded(db, seeded_module) -> str:
    """What seed_bench printed."""
    return seeded_module


def test_seed_refuses_sqlite_unless_allowed(db, monkeypatch):
    # The guard reads the connection's vendor: on the PostgreSQL run it is made to look like SQLite.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    users = bench_users().count()  # none, unless the module's data set was seeded before this test
    with pytest.raises(CommandError, match="DATABASE_URL"):
        call_command("seed_bench", **COUNTS, today=TODAY, stdout=StringIO())
    assert bench_users().count() == users


def test_every_province_and_regency_has_an_office_under_its_parent(seeded):
    provinces = Region.objects.filter(level="provinsi").count()
    regencies = Region.objects.filter(level="kabkota").count()
    assert (provinces, regencies) == (38, 514)
    assert Office.objects.count() == 1 + provinces + regencies
    central = Office.objects.get(level=OfficeLevel.CENTRAL)
    for office in Office.objects.select_related("region__parent", "parent__region"):
        if office.level == OfficeLevel.PROVINCE:
            assert office.parent == central and office.code == f"{office.region.code}00"
        elif office.level == OfficeLevel.REGENCY:
            assert office.code == office.region.code and office.parent.region == office.region.parent
    # The five seed offices keep their own service standards.
    assert Office.objects.get(code="6202").service_time_amount == 15


def test_every_state_with_exactly_the_letters_asked(seeded):
    counts = defaultdict(int)
    for state in Submission.objects.values_list("state", flat=True):
        counts[state] += 1
    assert set(counts) == set(State.values)
    assert sum(counts.values()) == 150 and counts[State.ISSUED] == 25
    assert Letter.objects.filter(state="ditandatangani").count() == 25
    decided = counts[State.FEASIBLE] + counts[State.NOT_FEASIBLE]
    assert Letter.objects.exclude(state="ditandatangani").count() == decided


def test_each_submission_is_consistent_with_its_state(seeded):
    for s in Submission.objects.all():
        transitions = list(Transition.objects.filter(submission=s).order_by("at", "pk"))
        if s.state == State.DRAFT:
            assert s.number is None and s.submitted_at is None and not transitions
            continue
        assert s.number.startswith(f"{s.office.code}-") and transitions[-1].to_state == s.state
        assert [t.from_state for t in transitions[1:]] == [t.to_state for t in transitions[:-1]]
        submitted_rounds = {t.round for t in transitions if t.to_state == State.SUBMITTED}
        assert set(RoundSnapshot.objects.filter(submission=s).values_list("round", flat=True)) == submitted_rounds
        if s.state == State.IN_REVIEW:
            assert s.recorded_complete_on and s.due_date and s.decided_at is None and s.clock_paused_on is None
        if s.state == State.NEEDS_REVISION:
            assert s.clock_paused_on and SectionNote.objects.filter(submission=s, round=s.round).exists()
        if s.state == State.WITHDRAWN:
            assert s.due_date and s.decided_at is None and s.clock_paused_on is None and transitions[-1].note
            assert transitions[-1].actor_id == s.created_by_id
        if s.state in (State.FEASIBLE, State.NOT_FEASIBLE, State.ISSUED):
            assert s.decided_at and s.decision_text and Letter.objects.filter(submission=s).exists()


def test_numbers_have_no_gaps_and_the_counters_continue_them(seeded):
    seqs = defaultdict(list)
    for office_code, year, seq in Letter.objects.filter(state="ditandatangani").values_list(
        "office__code", "year", "seq"
    ):
        seqs[f"letter:{office_code}:{year}"].append(seq)
    for number in Submission.objects.exclude(number=None).values_list("number", flat=True):
        code, year, seq = number.split("-")
        seqs[f"submission:{code}:{year}"].append(int(seq))
    counters = dict(Counter.objects.values_list("key", "value"))
    for key, values in seqs.items():
        assert sorted(values) == list(range(1, len(values) + 1)), key
        assert counters[key] == len(values)


def test_a_second_run_refuses_and_reset_loads_the_same_data_again(seeded):
    titles = sorted(Submission.objects.values_list("title", flat=True))
    with pytest.raises(CommandError, match="--reset"):
        _seed()
    out = _seed(reset=True)
    assert "Deleted the bench data (150 submissions)" in out
    assert sorted(Submission.objects.values_list("title", flat=True)) == titles
    assert Submission.objects.count() == 150
    if "catalogue" in settings.INSTALLED_APPS:  # the old activities' reuse went with them: the counts follow
        from django.db.models import Count, F

        from catalogue.models import CatalogueEntry, ReusableVariable, ReusableVariableUse

        layak = set(CatalogueEntry.objects.filter(decision="layak").values_list("pk", flat=True))
        assert ReusableVariableUse.objects.exists()
        assert set(ReusableVariableUse.objects.values_list("entry_id", flat=True)) <= layak
        assert not ReusableVariable.objects.annotate(n=Count("uses")).exclude(activities=F("n")).exists()


def test_the_demo_data_loads_on_top_and_both_log_in(seeded, client):
    from portal.seeding import demo_load

    demo_load()
    demo_staff = bench_users().model.objects.filter(email__endswith="@demo.bps.go.id")
    # One demo person per role per demo office, not per office of the national data set.
    assert demo_staff.count() == 6 * len(seed_data.OFFICES)
    for email, password in (
        (demo_staff.first().email, seed_data.DEMO_PASSWORD),
        (f"head1.6202@{BENCH_DOMAIN}", BENCH_PASSWORD),
    ):
        assert client.login(request=RequestFactory().get("/"), email=email, password=password)


@pytest.mark.skipif("catalogue" not in settings.INSTALLED_APPS, reason="no catalogue app")
def test_the_catalogue_rows_equal_what_the_catalogue_service_writes(seeded):
    """The seed writes the catalogue in bulk; the catalogue's own refresh of a few rows must not change them."""
    from catalogue.models import CatalogueEntry
    from catalogue.services import catalogue_entry_refresh

    fields = [f.attname for f in CatalogueEntry._meta.concrete_fields if f.name != "refreshed_at"]
    assert CatalogueEntry.objects.count() == 25
    for pk in CatalogueEntry.objects.order_by("pk").values_list("pk", flat=True)[:6]:
        seeded_row = CatalogueEntry.objects.filter(pk=pk).values(*fields).get()
        catalogue_entry_refresh(submission=Submission(pk=pk))
        assert CatalogueEntry.objects.filter(pk=pk).values(*fields).get() == seeded_row


@pytest.mark.skipif("catalogue" not in settings.INSTALLED_APPS, reason="no catalogue app")
def test_the_reuse_table_is_what_the_catalogue_rebuild_writes(seeded):
    """The seed offers the layak activities' public variables for reuse through the catalogue's bulk service: the
    same uses, counts and copied columns as `catalogue_rebuild` (entry by entry) leaves, and they are found."""
    from catalogue.models import ReusableVariable, ReusableVariableUse
    from catalogue.reuse import COPIED_FIELDS, reusable_variables_search
    from catalogue.services import catalogue_rebuild

    def reuse_table():
        uses = set(ReusableVariableUse.objects.values_list("entry_id", "variable__group_key"))
        offered = set(
            ReusableVariable.objects.filter(activities__gt=0).values_list("group_key", "activities", *COPIED_FIELDS)
        )
        return uses, offered

    seeded_table = reuse_table()
    assert seeded_table[0] and seeded_table[1]
    name = (
        ReusableVariable.objects.filter(activities__gt=0)
        .order_by("-activities", "pk")
        .values_list("name", flat=True)[0]
    )
    assert name in [offer.name for offer in reusable_variables_search(name)]
    catalogue_rebuild()
    assert reuse_table() == seeded_table


def test_large_forms_with_many_variables_indicators_and_notes(seeded):
    """Issue 20: a share of realistic large forms, one of them under review (the benchmark's review page)."""
    from django.db.models import Count

    from portal.management.commands.seed_bench import LARGE_INDICATORS, LARGE_NOTES, LARGE_VARIABLES

    large = Submission.objects.annotate(
        variables_n=Count("variables", distinct=True), indicators_n=Count("indicators", distinct=True)
    ).filter(variables_n__gte=LARGE_VARIABLES[0])
    assert large.exists()
    assert all(LARGE_VARIABLES[0] <= s.variables_n <= LARGE_VARIABLES[1] for s in large)
    assert all(s.indicators_n >= LARGE_INDICATORS[0] for s in large)
    under_review = large.filter(state=State.IN_REVIEW).first()
    assert under_review is not None and under_review.round == 3
    notes = SectionNote.objects.filter(submission=under_review)
    assert notes.count() >= 2 * LARGE_NOTES[0]  # two revision rounds of many notes
    assert set(notes.values_list("round", flat=True)) == {1, 2}
