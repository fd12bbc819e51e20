"""Demo hand-overs (handover/seeding.py): of the demo catalogue's recommended activities, one period handed over and
received, one overdue, the rest due; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from handover.enums import HandOverState, ItemKind
from handover.models import HandOver, HandOverItem, HandOverTransition
from handover.seeding import DEMO_HANDOVERS, demo_handovers_load
from handover.selectors import AWAITING, DUE, OVERDUE, RECEIVED, compliance_status
from romantik.calendar import office_today
from tests.handover.conftest import issued_with_handover

pytestmark = pytest.mark.django_db
GIZI, INTERNET = list(DEMO_HANDOVERS)


def statuses() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for handover in HandOver.objects.select_related("submission__office").order_by("due_date", "pk"):
        today = office_today(handover.submission.office)
        found.setdefault(handover.submission.title, []).append(compliance_status(handover, today))
    return found


def snapshot():
    return (
        list(HandOver.objects.order_by("pk").values_list("pk", "state", "due_date", "period")),
        list(HandOverItem.objects.order_by("pk").values_list("pk", "kind", "url")),
        HandOverTransition.objects.count(),
    )


def test_one_received_one_overdue_the_rest_due_and_seeding_again_changes_nothing(shared_world):
    w = shared_world
    gizi = issued_with_handover(w, title=GIZI)
    issued_with_handover(w, title=INTERNET)
    assert statuses() == {GIZI: [DUE], INTERNET: [DUE]}
    demo_handovers_load()
    found = statuses()
    # The repeated activity's next period falls due once the first is received.
    assert found[GIZI][0] == RECEIVED and set(found[GIZI][1:]) <= {DUE} and found[INTERNET] == [OVERDUE]
    received = gizi.handovers.order_by("due_date").first()
    assert received.state == HandOverState.RECEIVED and received.office_note
    assert sorted(received.items.values_list("kind", flat=True)) == sorted([ItemKind.PUBLICATION, ItemKind.DATASET])
    assert received.items.get(kind=ItemKind.PUBLICATION).pages == 1
    assert [t.to_state for t in received.transitions.all()] == [HandOverState.SUBMITTED, HandOverState.RECEIVED]
    before = snapshot()
    demo_handovers_load()
    assert snapshot() == before


def test_a_half_done_seed_is_completed(shared_world):
    """A seed stopped after the agency handed over: the next run has the office receive it."""
    from handover.services import handover_item_add, handover_submit

    w = shared_world
    gizi = issued_with_handover(w, title=GIZI)
    handover = gizi.handovers.get()
    handover_item_add(handover=handover, actor=w["agency"], kind=ItemKind.DATASET, url="https://data.example.go.id/")
    handover_submit(handover=handover, actor=w["agency"])
    assert statuses()[GIZI] == [AWAITING]
    demo_handovers_load()
    assert statuses()[GIZI][0] == RECEIVED
    assert HandOver.objects.get(pk=handover.pk).items.filter(kind=ItemKind.DATASET).count() == 1


def test_nothing_to_do_without_the_demo_catalogue(shared_world):
    assert demo_handovers_load() == []


@pytest.mark.slow
def test_seed_demo_leaves_hand_overs_due_received_and_overdue_and_is_idempotent(db):
    call_command("seed_demo", quiet=True, stdout=StringIO())
    found = statuses()
    assert found[GIZI][0] == RECEIVED and found[INTERNET][0] == OVERDUE
    assert DUE in [status for values in found.values() for status in values]
    before = snapshot()
    call_command("seed_demo", quiet=True, stdout=StringIO())
    assert snapshot() == before
