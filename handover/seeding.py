"""Demo hand-overs (issue 19), so a new user sees the feature: of the demo catalogue's recommended activities
(catalogue/seeding.py issues them through the real workflow; their letters schedule the hand-overs), one period
handed over and received by the office (a publication and a dataset link), one overdue, the rest due.

Idempotent: a hand-over already received is left; one already overdue is left; run again, nothing changes."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from romantik.calendar import office_today
from romantik.enums import Role
from romantik.selectors import staff_with_roles

from .enums import HandOverState, ItemKind
from .models import HandOver
from .services import handover_item_add, handover_receive, handover_submit

# The demo catalogue's activities (catalogue/seeding.py ACTIVITIES), by title, and what their first period shows.
RECEIVED, OVERDUE = "received", "overdue"
DEMO_HANDOVERS = {
    "Survei Status Gizi Balita Kabupaten Banjarnegara 2026": (
        RECEIVED,
        "https://data.banjarnegarakab.go.id/dataset/status-gizi-balita-2026",
    ),
    "Survei Pemanfaatan Internet oleh Rumah Tangga Kota Banjarmasin 2026": (OVERDUE, ""),
}
# How long ago the overdue demo period fell due.
OVERDUE_DAYS = 20


def _publication_pdf(title: str) -> SimpleUploadedFile:
    from weasyprint import HTML  # imported here: slow to import, only seeding needs it

    content = HTML(string=f"<h1>{title}</h1><p>Publikasi contoh untuk demo Romantik.</p>").write_pdf()
    return SimpleUploadedFile("publikasi.pdf", content, content_type="application/pdf")


def _received(handover: HandOver, dataset_url: str) -> None:
    submission = handover.submission
    agency_user = submission.created_by
    if handover.state in (HandOverState.DUE, HandOverState.MORE_REQUESTED):
        kinds = set(handover.items.values_list("kind", flat=True))
        if ItemKind.PUBLICATION not in kinds:
            handover_item_add(handover=handover, actor=agency_user, kind=ItemKind.PUBLICATION,
                              file=_publication_pdf(submission.title))  # fmt: skip
        if ItemKind.DATASET not in kinds:
            handover_item_add(handover=handover, actor=agency_user, kind=ItemKind.DATASET, url=dataset_url)
        handover = handover_submit(handover=handover, actor=agency_user)
    if handover.state == HandOverState.SUBMITTED:
        desk = staff_with_roles(submission.office, (Role.FRONT_DESK,)).first()
        handover_receive(handover=handover, actor=desk, note="Publikasi dan tautan dataset diterima (demo).")


def _overdue(handover: HandOver) -> None:
    """Due a few weeks ago (demo data: set directly, as if the release had been planned earlier)."""
    today = office_today(handover.submission.office)
    if handover.state == HandOverState.DUE and handover.due_date >= today:
        HandOver.objects.filter(pk=handover.pk).update(due_date=today - timedelta(days=OVERDUE_DAYS))


def demo_handovers_load() -> list[HandOver]:
    """The demo activities' first periods as DEMO_HANDOVERS says; returns the hand-overs of those activities."""
    for title, (show, dataset_url) in DEMO_HANDOVERS.items():
        first = (
            HandOver.objects.filter(submission__title=title)
            .select_related("submission__office", "submission__created_by")
            .order_by("due_date", "pk")
            .first()
        )
        if first is None or first.submission.created_by is None:
            continue
        if show == RECEIVED:
            _received(first, dataset_url)
        else:
            _overdue(first)
    return list(HandOver.objects.filter(submission__title__in=DEMO_HANDOVERS).order_by("due_date", "pk"))
