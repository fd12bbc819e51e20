"""The EPSS evidence pack (issue 19): per agency and year, the recommendations, their letters and the results handed
over, as one ZIP — `ringkasan.pdf` (a summary in Indonesian: the recommendations, the hand-overs with their status
and links), `surat/` (the signed letters) and `hasil/<period>/` (the handed-over files).

Bounded work, in a request and a Celery task, as a letter's signing is (letters.issuing):

1. The request (`evidence_pack_request`, milliseconds): checks who asks, then writes an `EvidencePack` row (the
   open one of the same agency, office and year if there is one: a double click is the same pack) and queues its
   task after the commit. The page lists the packs with their progress and reloads itself while one is open.
2. The task (`evidence_pack_build`): claims the pack, counts its files (`total`), copies each one into a ZIP on a
   temporary file (streamed from storage: memory does not grow with the pack), saving `done` after each, renders the
   summary with WeasyPrint (letters.typesetting: its own font, nothing fetched) and stores the ZIP. A failure is
   stored for the page; the previous packs of the same agency, office and year are removed when a new one is ready.
3. The download goes through `handover.view_evidence_pack` (`pack_downloadable`): the agency's own pack to
   its verified members, an office's pack to those who see the office's compliance list.

The web pages (handover/views/evidence.py) and the API (api/views/evidence.py: the agency's own packs, for its
tokens) call the same functions: `agency_of_member`, `evidence_pack_ask`, `packs_of_agency`, `pack_downloadable`.

The broker may be down: a pack whose task never came, or whose worker died, is built by the periodic flush
(`evidence_packs_flush`, beat "handover-evidence-flush"), at most EVIDENCE_MAX_ATTEMPTS times.
"""

import logging
import shutil
import tempfile
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from letters.issuing import letter_file_name
from letters.selectors import letter_decision_label, signed_letters
from letters.typesetting import FONT_STACK, font_faces_css, html_pdf
from romantik.calendar import office_timezone, office_today
from romantik.enums import MembershipStatus
from romantik.models import Agency
from romantik.officetime import zone_name
from romantik.selectors import membership_of
from submissions.attachments import attachment_files_delete

from .enums import ItemKind
from .models import EvidencePack, HandOver
from .selectors import compliance_status, status_labels

logger = logging.getLogger(__name__)

# A queued pack the broker never handed out is built by the flush after this; a running one whose worker died, after
# EVIDENCE_RUNNING_STALE; a pack tried this often fails, for the page to say.
EVIDENCE_GRACE = timedelta(minutes=2)
EVIDENCE_RUNNING_STALE = timedelta(minutes=15)
EVIDENCE_MAX_ATTEMPTS = 3
# Years a pack may be asked for (EPSS evaluates past years; hand-overs fall due up to a few years ahead).
FIRST_YEAR = 2000
YEARS_AHEAD = 5
SUMMARY_NAME = "ringkasan.pdf"


def pack_name(pack: EvidencePack) -> str:
    office = f"-{pack.office.code}" if pack.office_id else ""
    return f"bukti-epss-{pack.agency_id}-{pack.year}{office}.zip"


def _year_check(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Enter a year.")}) from None
    latest = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {"year": _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": latest}}
        )
    return year


def agencies_of_office(office):
    """The agencies an office may make a pack for: those with a signed letter of the office."""
    return Agency.objects.filter(submissions__office=office, submissions__letter__in=signed_letters()).distinct()


def own_agency(user):
    """The agency a verified member asks its own pack for (None: not a verified member of one)."""
    membership = membership_of(user)
    if membership is None or membership.status != MembershipStatus.VERIFIED:
        return None
    return membership.agency


def _dispatch(pack_id: int) -> None:
    from .tasks import evidence_pack_task

    try:
        evidence_pack_task.apply_async(args=[pack_id], retry=False, timeout=settings.CELERY_PUBLISH_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - a dead broker must not break the request: the flush builds it later
        logger.warning("Broker unavailable, evidence pack %s waits for the periodic flush: %s", pack_id, exc)


def agency_of_member(user):
    """The agency whose own packs `user` may ask for and list: a verified member's; anyone else is refused."""
    agency = own_agency(user)
    if agency is None:
        raise PermissionDenied(_("Only a verified member of the agency can ask for its evidence pack."))
    return agency


def evidence_pack_request(*, actor, year, office=None, agency=None, dispatch: bool = True) -> EvidencePack:
    """Ask for a pack: with `office`, that office's pack of `agency` (its people and supervisors); without, the
    pack of the actor's own agency (a verified member). The open pack of the same agency, office and year is
    returned as it is (a repeated click)."""
    return evidence_pack_ask(actor=actor, year=year, office=office, agency=agency, dispatch=dispatch)[0]


def evidence_pack_ask(*, actor, year, office=None, agency=None, dispatch: bool = True) -> tuple[EvidencePack, bool]:
    """`evidence_pack_request`, also saying whether the pack is new (False: the open one asked for before)."""
    if office is not None:
        if not actor.has_perm("handover.request_office_evidence", office):
            raise PermissionDenied
        if agency is None or not agencies_of_office(office).filter(pk=agency.pk).exists():
            raise ValidationError({"agency": _("Choose an agency that has a recommendation letter of this office.")})
    else:
        agency = agency_of_member(actor)
    year = _year_check(year)
    with transaction.atomic():
        # Locked: two clicks at once make one pack.
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        pack = EvidencePack.objects.filter(
            agency=agency,
            office=office,
            year=year,
            state__in=(EvidencePack.State.QUEUED, EvidencePack.State.RUNNING),
        ).first()
        if pack is not None:
            return pack, False
        pack = EvidencePack.objects.create(agency=agency, office=office, year=year, requested_by=actor)
        if dispatch:
            transaction.on_commit(lambda: _dispatch(pack.pk))
    logger.info("evidence pack %s asked by user %s", pack.pk, actor.pk)
    return pack, True


def packs_of_office(office):
    return EvidencePack.objects.filter(office=office).select_related("agency", "office")[:20]


def packs_of_agency(agency):
    return EvidencePack.objects.filter(agency=agency, office=None).select_related("agency")[:20]


def pack_downloadable(*, user, pk) -> EvidencePack | None:
    """The pack `pk` if `user` may download it now (`handover.view_evidence_pack`, built, its file stored), else
    None: the web page and the API answer 404 alike, so another's pack and one not ready tell nothing."""
    pack = EvidencePack.objects.select_related("agency", "office").filter(pk=pk).first()
    if pack is None or not user.has_perm("handover.view_evidence_pack", pack):
        return None
    if pack.state != EvidencePack.State.DONE or not pack.file:
        return None
    return pack


# --- what goes in ----------------------------------------------------------------------------------------------


def _letters(pack: EvidencePack, handovers: list[HandOver]):
    """The signed letters of the agency dated in the year, and those the year's hand-overs follow."""
    where = Q(letter_date__year=pack.year) | Q(pk__in={h.letter_id for h in handovers})
    letters = signed_letters().filter(where, submission__agency_id=pack.agency_id)
    if pack.office_id:
        letters = letters.filter(submission__office_id=pack.office_id)
    return list(letters.select_related("submission__office", "office").order_by("letter_date", "pk"))


def _handovers(pack: EvidencePack) -> list[HandOver]:
    handovers = HandOver.objects.filter(submission__agency_id=pack.agency_id, due_date__year=pack.year)
    if pack.office_id:
        handovers = handovers.filter(submission__office_id=pack.office_id)
    return list(
        handovers.select_related("submission__office", "letter").prefetch_related("items").order_by("due_date", "pk")
    )


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)[:120] or "berkas"


def _day(value, office) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, office_timezone(office)).date().strftime("%d-%m-%Y")


def pack_contents(pack: EvidencePack) -> tuple[dict, list[tuple[str, object]]]:
    """The summary's context and the files of the pack: (path in the ZIP, FieldFile)."""
    handovers = _handovers(pack)
    letters = _letters(pack, handovers)
    files: list[tuple[str, object]] = []
    letter_rows = []
    for letter in letters:
        submission = letter.submission
        path = f"surat/{_safe(letter_file_name(letter))}" if letter.signed_pdf else ""
        if path:
            files.append((path, letter.signed_pdf))
        letter_rows.append(
            {
                "number": submission.number or "",
                "title": submission.title,
                "office": submission.office.name,
                "decision": letter_decision_label(letter),
                "letter_number": letter.number or "",
                "letter_date": letter.letter_date.strftime("%d-%m-%Y") if letter.letter_date else "",
                "path": path,
            }
        )
    labels, counts = status_labels(), {}
    handover_rows = []
    for handover in handovers:
        submission = handover.submission
        status = compliance_status(handover, office_today(submission.office))
        counts[status] = counts.get(status, 0) + 1
        items = []
        for item in handover.items.all():
            path = ""
            if item.file:
                path = f"hasil/{handover.period}/{submission.pk}-{item.pk}-{_safe(item.original_name)}"
                files.append((path, item.file))
            items.append({"kind": ItemKind(item.kind).label, "path": path, "url": item.url})
        handover_rows.append(
            {
                "number": submission.number or "",
                "title": submission.title,
                "letter_number": handover.letter.number or "",
                "period": handover.period,
                "due_date": handover.due_date.strftime("%d-%m-%Y"),
                "status": status,
                "status_label": labels[status],
                "submitted": _day(handover.submitted_at, submission.office),
                "received": _day(handover.received_at, submission.office),
                "items": items,
            }
        )
    now, zone = timezone.now(), office_timezone(pack.office) if pack.office_id else timezone.get_current_timezone()
    context = {
        "pack": pack,
        "agency": pack.agency,
        "office": pack.office,
        "year": pack.year,
        "letters": letter_rows,
        "handovers": handover_rows,
        "counts": [(labels[key], counts.get(key, 0)) for key in labels],
        "made_at": timezone.localtime(now, zone),
        "made_zone": zone_name(zone, now),
        "font_faces_css": font_faces_css(),
        "font_stack": FONT_STACK,
    }
    return context, files


# --- the task's work -------------------------------------------------------------------------------------------


def _claim(pack_id: int) -> bool:
    """Take the pack to build: queued, or running with a worker that died. Only one worker takes it."""
    stale = timezone.now() - EVIDENCE_RUNNING_STALE
    return bool(
        EvidencePack.objects.filter(pk=pack_id)
        .filter(Q(state=EvidencePack.State.QUEUED) | Q(state=EvidencePack.State.RUNNING, updated_at__lt=stale))
        .update(state=EvidencePack.State.RUNNING, attempts=F("attempts") + 1, done=0, updated_at=timezone.now())
    )


def _fail(pack: EvidencePack, error: str) -> None:
    """The pack failed: `error` is for the log and the admin; the page says "could not be built, ask again"."""
    EvidencePack.objects.filter(pk=pack.pk).update(
        state=EvidencePack.State.FAILED, error=error, finished_at=timezone.now(), updated_at=timezone.now()
    )


def evidence_pack_build(*, pack_id: int) -> EvidencePack | None:
    """Build the pack (see the module's docstring); a pack already built, or taken by another worker, is left."""
    if not _claim(pack_id):
        return EvidencePack.objects.filter(pk=pack_id).first()
    pack = EvidencePack.objects.select_related("agency", "office").get(pk=pack_id)
    if pack.attempts > EVIDENCE_MAX_ATTEMPTS:
        _fail(pack, f"tried {EVIDENCE_MAX_ATTEMPTS} times")
        return EvidencePack.objects.get(pk=pack_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context, files = pack_contents(pack)
            EvidencePack.objects.filter(pk=pack.pk).update(total=len(files) + 1, updated_at=timezone.now())
            with tempfile.TemporaryFile() as out:
                with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    for done, (path, field) in enumerate(files, start=1):
                        with field.open("rb") as source, archive.open(path, "w", force_zip64=True) as target:
                            shutil.copyfileobj(source, target, 1024 * 1024)
                        EvidencePack.objects.filter(pk=pack.pk).update(done=done, updated_at=timezone.now())
                    summary = html_pdf(render_to_string("handover/evidence_summary.html", context))
                    archive.writestr(SUMMARY_NAME, summary)
                size = out.tell()
                out.seek(0)
                pack.file.save(pack_name(pack), File(out), save=False)
    except Exception as error:
        logger.exception("evidence pack %s failed", pack.pk)
        if pack.file.name:
            attachment_files_delete([pack.file.name])
        _fail(pack, f"{type(error).__name__}: {error}"[:500])
        return EvidencePack.objects.get(pk=pack_id)
    with transaction.atomic():
        EvidencePack.objects.filter(pk=pack.pk).update(
            state=EvidencePack.State.DONE,
            file=pack.file.name,
            size=size,
            done=len(files) + 1,
            error="",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        older = EvidencePack.objects.filter(
            agency_id=pack.agency_id, office_id=pack.office_id, year=pack.year, pk__lt=pack.pk
        ).exclude(state__in=(EvidencePack.State.QUEUED, EvidencePack.State.RUNNING))
        names = [name for name in older.values_list("file", flat=True) if name]
        older.delete()
        if names:
            transaction.on_commit(lambda: attachment_files_delete(names))
    logger.info("evidence pack %s built: %s files, %s bytes", pack.pk, len(files) + 1, size)
    return EvidencePack.objects.get(pk=pack_id)


def evidence_packs_flush() -> int:
    """Periodic (beat): build the packs whose task never came, or whose worker died."""
    now = timezone.now()
    waiting = EvidencePack.objects.filter(
        Q(state=EvidencePack.State.QUEUED, created_at__lt=now - EVIDENCE_GRACE)
        | Q(state=EvidencePack.State.RUNNING, updated_at__lt=now - EVIDENCE_RUNNING_STALE)
    ).values_list("pk", flat=True)[:20]
    count = 0
    for pack_id in list(waiting):
        evidence_pack_build(pack_id=pack_id)
        count += 1
    return count
