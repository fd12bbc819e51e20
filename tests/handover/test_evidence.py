"""The EPSS evidence pack (handover/evidence.py): per agency and year, a ZIP of a PDF summary, the signed letters and
the handed-over files, built by a Celery task whose progress the page shows; downloaded through the permission check
(the agency's own pack: its verified members; an office's pack: those who see the office's compliance list)."""

import datetime
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from handover.enums import ItemKind
from handover.evidence import evidence_pack_build, evidence_pack_request, evidence_packs_flush
from handover.models import EvidencePack
from handover.services import handover_item_add, handover_receive, handover_submit
from handover.tasks import evidence_pack_task
from letters.enums import LetterState
from letters.models import Letter
from tests.factories import pdf_bytes
from tests.handover.conftest import issued_with_handover
from tests.handover.test_handover import pdf

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
YEAR = 2027  # fill_complete's release (RELEASE in test_handover): the hand-over falls due in 2027
DATASET = "https://data.example.go.id/set/42"


def signed(submission, *, letter_date=datetime.date(2027, 2, 1)):
    """The submission's letter as a signed one: its PDF stored, dated in the pack's year."""
    letter = submission.letter
    letter.signed_pdf.save(f"{letter.pk}.pdf", ContentFile(pdf_bytes()), save=False)
    Letter.objects.filter(pk=letter.pk).update(
        state=LetterState.SIGNED, signed_pdf=letter.signed_pdf.name, letter_date=letter_date
    )
    letter.refresh_from_db()
    return letter


def received(submission, world):
    """The results handed over (a publication and a dataset link) and received by the office."""
    handover = submission.handovers.get()
    handover_item_add(handover=handover, actor=world["agency"], kind=ItemKind.PUBLICATION, file=pdf("laporan.pdf"))
    handover_item_add(handover=handover, actor=world["agency"], kind=ItemKind.DATASET, url=DATASET)
    handover_submit(handover=handover, actor=world["agency"])
    return handover_receive(handover=handover, actor=world["front_desk"])


@pytest.fixture
def recommended(shared_world):
    submission = issued_with_handover(shared_world)
    signed(submission)
    received(submission, shared_world)
    return submission


def built(pack) -> EvidencePack:
    return evidence_pack_build(pack_id=pack.pk)


def zip_of(pack) -> zipfile.ZipFile:
    with pack.file.open("rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def summary_text(archive) -> str:
    reader = PdfReader(io.BytesIO(archive.read("ringkasan.pdf")))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# --- what the pack holds --------------------------------------------------------------------------------------------


def test_the_pack_holds_the_summary_the_signed_letter_and_the_handed_over_files(recommended, shared_world):
    w = shared_world
    pack = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    assert (pack.state, pack.error, pack.done, pack.total) == (EvidencePack.State.DONE, "", 3, 3)
    archive = zip_of(pack)
    letter, handover = recommended.letter, recommended.handovers.order_by("due_date").first()
    publication = handover.items.get(kind=ItemKind.PUBLICATION)
    letter_path = f"surat/{letter.number.replace('/', '-')}.pdf"
    result_path = f"hasil/{handover.period}/{recommended.pk}-{publication.pk}-laporan.pdf"
    assert sorted(archive.namelist()) == sorted(["ringkasan.pdf", letter_path, result_path])
    assert archive.read(letter_path) == letter.signed_pdf.open("rb").read()
    assert archive.read(result_path) == publication.file.open("rb").read()
    text = summary_text(archive)
    assert f"Bukti Penyerahan Hasil Kegiatan Statistik Sektoral (EPSS) Tahun {YEAR}" in text
    assert "Instansi : Dinas Kesehatan" in text
    assert "Kantor BPS : semua kantor BPS yang memberi rekomendasi" in text
    assert letter.number in text and recommended.title in text
    assert "Layak" in text  # the decision in Indonesian
    assert DATASET in text and result_path in text and letter_path in text
    assert "Sudah diserahkan" in text or "Diterima" in text or "diserahkan" in text.lower()
    assert pack.size == pack.file.size


def test_the_year_and_the_office_bound_what_goes_in(recommended, shared_world):
    w = shared_world
    # A recommendation of another year, with its hand-over due another year: not in the 2027 pack.
    other = issued_with_handover(w, title="Survei Lain 2025")
    signed(other, letter_date=datetime.date(2025, 3, 1))
    other.handovers.update(due_date=datetime.date(2025, 12, 1))
    pack = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    text = summary_text(zip_of(pack))
    assert recommended.title in text and "Survei Lain 2025" not in text
    # The other agency's pack holds nothing of this one's.
    theirs = built(evidence_pack_request(actor=w["other_agency"], year=YEAR, dispatch=False))
    archive = zip_of(theirs)
    assert archive.namelist() == ["ringkasan.pdf"]
    text = summary_text(archive)
    assert "Dinas Lain" in text and recommended.title not in text
    assert "Tidak ada surat rekomendasi pada tahun ini." in text
    # The office's pack names the office; another office has no recommendation of the agency to pack.
    office_pack = built(
        evidence_pack_request(actor=w["coordinator"], office=w["office"], agency=w["agency_org"], year=YEAR,
                              dispatch=False)
    )  # fmt: skip
    assert f"Kantor BPS : {w['office'].name}" in summary_text(zip_of(office_pack))
    with pytest.raises(ValidationError) as refused:
        evidence_pack_request(
            actor=w["other_coordinator"], office=w["other_office"], agency=w["agency_org"], year=YEAR, dispatch=False
        )
    assert "agency" in refused.value.message_dict


@pytest.mark.parametrize("year", [1999, 3000, "dua ribu"])
def test_a_year_out_of_range_is_refused_next_to_the_field(shared_world, client, year):
    client.force_login(shared_world["agency"])
    response = client.post(reverse("handover:agency_evidence"), {"year": year}, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["year"]
    assert not EvidencePack.objects.exists()


# --- who may ---------------------------------------------------------------------------------------------------


def test_the_agencys_own_pack_is_its_members_only(recommended, shared_world, client):
    w = shared_world
    pack = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    url = reverse("handover:evidence_download", args=[pack.pk])
    client.force_login(w["agency"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f'filename="bukti-epss-{w["agency_org"].pk}-{YEAR}.zip"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    for other in ("other_agency", "coordinator", "head", "central_head"):
        client.force_login(w[other])
        assert client.get(url).status_code == 404, other
    client.logout()
    assert client.get(url).status_code == 404
    # The other agency's page lists its own packs, never this one.
    client.force_login(w["other_agency"])
    page = client.get(reverse("handover:agency_evidence"), **EN)
    assert page.status_code == 200 and pack not in page.context["packs"]


def test_an_offices_pack_is_for_its_people_and_supervisors_not_the_agency_nor_another_office(
    recommended, shared_world, client
):
    w = shared_world
    with pytest.raises(PermissionDenied):
        evidence_pack_request(actor=w["other_coordinator"], office=w["office"], agency=w["agency_org"], year=YEAR)
    with pytest.raises(PermissionDenied):
        evidence_pack_request(actor=w["agency"], office=w["office"], agency=w["agency_org"], year=YEAR)
    client.force_login(w["front_desk"])
    response = client.post(
        reverse("handover:office_evidence", args=[w["office"].code]), {"agency": w["agency_org"].pk, "year": YEAR}
    )
    assert response.status_code == 302
    pack = EvidencePack.objects.get()
    assert (pack.office, pack.agency, pack.year, pack.requested_by) == (w["office"], w["agency_org"], YEAR,
                                                                        w["front_desk"])  # fmt: skip
    built(pack)
    url = reverse("handover:evidence_download", args=[pack.pk])
    for person in ("front_desk", "reviewer", "coordinator", "head", "office_admin", "central_head"):
        client.force_login(w[person])
        assert client.get(url).status_code == 200, person
    for person in ("agency", "other_agency", "other_coordinator", "other_reviewer"):
        client.force_login(w[person])
        assert client.get(url).status_code == 404, person
    client.force_login(w["other_coordinator"])
    assert client.get(reverse("handover:office_evidence", args=[w["office"].code])).status_code == 403
    # The agency picker offers only agencies with a letter of the office.
    client.force_login(w["coordinator"])
    page = client.get(reverse("handover:office_evidence", args=[w["office"].code]), **EN)
    assert list(page.context["form"].fields["agency"].queryset) == [w["agency_org"]]


# --- the task and its progress --------------------------------------------------------------------------------


def test_asking_queues_the_task_after_commit_and_a_second_click_is_the_same_pack(
    recommended, shared_world, client, monkeypatch, django_capture_on_commit_callbacks
):
    w = shared_world
    published = []
    monkeypatch.setattr(evidence_pack_task, "apply_async", lambda *args, **kwargs: published.append(kwargs["args"]))
    client.force_login(w["agency"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("handover:agency_evidence"), {"year": YEAR})
        second = client.post(reverse("handover:agency_evidence"), {"year": YEAR})
    assert first.status_code == second.status_code == 302
    pack = EvidencePack.objects.get()
    assert published == [[pack.pk]] and pack.state == EvidencePack.State.QUEUED
    # While it is built, the page shows its progress and reloads itself; no download yet.
    EvidencePack.objects.filter(pk=pack.pk).update(state=EvidencePack.State.RUNNING, done=1, total=3)
    page = client.get(reverse("handover:agency_evidence"), **EN).content.decode()
    assert 'http-equiv="refresh"' in page and 'data-state="running"' in page
    assert '<progress max="3" value="1"' in page and "1 of 3 files" in page
    assert 'data-testid="evidence-download"' not in page
    assert client.get(reverse("handover:evidence_download", args=[pack.pk])).status_code == 404
    # The task builds it; the page then offers the download and stops reloading.
    EvidencePack.objects.filter(pk=pack.pk).update(state=EvidencePack.State.QUEUED)
    assert evidence_pack_task.apply(args=[pack.pk]).get() == EvidencePack.State.DONE
    page = client.get(reverse("handover:agency_evidence"), **EN).content.decode()
    assert 'http-equiv="refresh"' not in page and 'data-testid="evidence-download"' in page
    # Run again (a redelivery): nothing is built twice.
    before = EvidencePack.objects.get(pk=pack.pk)
    assert evidence_pack_task.apply(args=[pack.pk]).get() == EvidencePack.State.DONE
    assert EvidencePack.objects.get(pk=pack.pk).file.name == before.file.name


def test_a_new_pack_replaces_the_previous_one_of_the_same_year(recommended, shared_world):
    w = shared_world
    first = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    name = first.file.name
    second = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    assert list(EvidencePack.objects.values_list("pk", flat=True)) == [second.pk]
    assert second.file.name != name


def test_a_file_that_cannot_be_read_fails_the_pack_with_a_message(recommended, shared_world, client):
    w = shared_world
    recommended.letter.signed_pdf.storage.delete(recommended.letter.signed_pdf.name)
    pack = built(evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False))
    assert pack.state == EvidencePack.State.FAILED and not pack.file
    client.force_login(w["agency"])
    page = client.get(reverse("handover:agency_evidence"), **EN).content.decode()
    assert "The pack could not be built. Ask for it again." in page
    assert client.get(reverse("handover:evidence_download", args=[pack.pk])).status_code == 404


def test_the_flush_builds_a_pack_whose_task_never_came_or_whose_worker_died(recommended, shared_world):
    w = shared_world
    waiting = evidence_pack_request(actor=w["agency"], year=YEAR, dispatch=False)
    assert evidence_packs_flush() == 0  # within its grace: its task may still come
    EvidencePack.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert evidence_packs_flush() == 1
    assert EvidencePack.objects.get(pk=waiting.pk).state == EvidencePack.State.DONE
    dead = evidence_pack_request(actor=w["other_agency"], year=YEAR, dispatch=False)
    EvidencePack.objects.filter(pk=dead.pk).update(
        state=EvidencePack.State.RUNNING, attempts=1, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert evidence_packs_flush() == 1
    assert EvidencePack.objects.get(pk=dead.pk).state == EvidencePack.State.DONE
    # A pack tried too often fails, for the page to say.
    stuck = evidence_pack_request(actor=w["other_agency"], year=YEAR - 1, dispatch=False)
    EvidencePack.objects.filter(pk=stuck.pk).update(
        state=EvidencePack.State.RUNNING, attempts=3, updated_at=timezone.now() - timedelta(hours=1)
    )
    evidence_packs_flush()
    assert EvidencePack.objects.get(pk=stuck.pk).state == EvidencePack.State.FAILED
