"""Issue 19: the hand-over of results. Due dates from block VIII, the door and its log, the items' checks, who may,
the reminders once per threshold, the compliance list and its export, the catalogue and its exports."""

import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from handover.enums import HANDOVER_ALLOWED, HandOverState, ItemKind
from handover.models import HandOver, HandOverItem, HandOverTransition
from handover.reminders import handover_reminders_sweep, threshold
from handover.selectors import AWAITING, DUE, OVERDUE, RECEIVED, compliance_rows, public_results
from handover.services import (
    due_dates,
    handover_item_add,
    handover_receive,
    handover_request_more,
    handover_schedule,
    handover_submit,
)
from handover.workflow import HandOverTransitionNotAllowed, handover_transition
from letters.signals import letter_issued
from notifications.models import Message
from submissions.enums import Frequency, Repetition
from tests.factories import SubmissionFactory, pdf_bytes

from .conftest import issued_with_handover

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RELEASE = datetime.date(2027, 12, 1)  # fill_complete: the digital product only


def pdf(name="publikasi.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def handed_over(submission, world):
    handover = submission.handovers.get()
    handover_item_add(handover=handover, actor=world["agency"], kind=ItemKind.PUBLICATION, file=pdf())
    handover_item_add(
        handover=handover, actor=world["agency"], kind=ItemKind.DATASET, url="https://data.example.go.id/set/42"
    )
    return handover_submit(handover=handover, actor=world["agency"])


# --- due dates ---------------------------------------------------------------------------------------------------


def test_due_dates_are_the_public_releases_of_block_viii_one_per_month(shared_world):
    s = SubmissionFactory(owner=shared_world["agency"], complete=True)
    assert due_dates(s) == [RELEASE]
    s.publish_print, s.publish_print_date = True, datetime.date(2027, 12, 20)  # same month: the later one
    s.publish_microdata, s.publish_microdata_date = True, datetime.date(2028, 3, 5)
    assert due_dates(s) == [datetime.date(2027, 12, 20), datetime.date(2028, 3, 5)]
    s.publish_print = s.publish_digital = s.publish_microdata = False  # nothing public: the dissemination's end
    s.dissemination_end = datetime.date(2027, 9, 30)
    assert due_dates(s) == [datetime.date(2027, 9, 30)]


def test_the_issued_letter_schedules_the_hand_over_once_and_only_for_layak(shared_world):
    s = SubmissionFactory(owner=shared_world["agency"], issued=True)
    letter_issued.send(sender=None, submission=s, letter=s.letter)
    letter_issued.send(sender=None, submission=s, letter=s.letter)  # again: nothing new
    assert list(s.handovers.values_list("period", "due_date", "state")) == [("2027-12", RELEASE, "belum")]
    refused = SubmissionFactory(owner=shared_world["agency"], not_feasible=True, title="Tidak layak")
    assert handover_schedule(submission=refused, letter=refused.letter) == []
    assert not HandOver.objects.filter(submission=refused).exists()


# --- the door ------------------------------------------------------------------------------------------------------


def test_the_table_allows_only_the_hand_over_steps():
    assert HANDOVER_ALLOWED[HandOverState.DUE] == {HandOverState.SUBMITTED}
    assert HANDOVER_ALLOWED[HandOverState.SUBMITTED] == {HandOverState.RECEIVED, HandOverState.MORE_REQUESTED}
    assert HANDOVER_ALLOWED[HandOverState.MORE_REQUESTED] == {HandOverState.SUBMITTED}
    assert HANDOVER_ALLOWED[HandOverState.RECEIVED] == set()


def test_the_door_refuses_a_step_the_table_forbids(issued, shared_world):
    from django.db import transaction

    handover = issued.handovers.get()  # (a test runs in a transaction: the door's own check is not tried here)
    with transaction.atomic(), pytest.raises(HandOverTransitionNotAllowed):
        handover_transition(locked=handover, to=HandOverState.RECEIVED, actor=None)
    assert not HandOverTransition.objects.exists()


def test_hand_over_ask_more_hand_over_again_receive_each_logged_and_told(issued, shared_world):
    w = shared_world
    handover = handed_over(issued, w)
    assert handover.state == HandOverState.SUBMITTED and handover.submitted_at
    told = set(Message.objects.filter(template="handover_submitted").values_list("recipient", flat=True))
    assert told == {w["coordinator"].pk, w["front_desk"].pk}
    assert handover_submit(handover=handover, actor=w["agency"]).state == HandOverState.SUBMITTED  # repeated: no-op
    with pytest.raises(ValidationError):
        handover_request_more(handover=handover, actor=w["reviewer"], note="")  # say what is missing
    handover_request_more(handover=handover, actor=w["reviewer"], note="Kuesioner final belum ada.")
    handover_item_add(handover=handover, actor=w["agency"], kind=ItemKind.QUESTIONNAIRE, file=pdf("kuesioner.pdf"))
    handover_submit(handover=handover, actor=w["agency"])
    handover = handover_receive(handover=handover, actor=w["head"], note="Terima kasih.")
    assert handover.state == HandOverState.RECEIVED and handover.received_at
    log = list(HandOverTransition.objects.filter(handover=handover).values_list("from_state", "to_state", "actor"))
    assert log == [
        ("belum", "diserahkan", w["agency"].pk),
        ("diserahkan", "perlu_tambahan", w["reviewer"].pk),
        ("perlu_tambahan", "diserahkan", w["agency"].pk),
        ("diserahkan", "diterima", w["head"].pk),
    ]
    reviewed = Message.objects.filter(template="handover_reviewed", recipient=w["agency"]).order_by("pk")
    assert [m.context["received"] for m in reviewed] == [False, True]
    with pytest.raises(ValidationError):  # received: closed
        handover_item_add(handover=handover, actor=w["agency"], kind=ItemKind.DATASET, url="https://x.example/")


def test_a_repeated_activity_hands_over_per_period(issued, shared_world):
    assert issued.repetition == Repetition.REPEATED and issued.frequency == Frequency.YEARLY
    handover_receive(handover=handed_over(issued, shared_world), actor=shared_world["head"])
    assert list(issued.handovers.values_list("period", "due_date", "state")) == [
        ("2027-12", RELEASE, "diterima"),
        ("2028-12", datetime.date(2028, 12, 1), "belum"),
    ]


def test_a_one_off_activity_has_no_next_period(shared_world):
    s = issued_with_handover(shared_world)
    type(s).objects.filter(pk=s.pk).update(repetition=Repetition.ONCE)
    handover_receive(handover=handed_over(s, shared_world), actor=shared_world["head"])
    assert s.handovers.count() == 1


def test_nothing_to_hand_over_without_a_publication_or_a_dataset(issued, shared_world):
    handover = issued.handovers.get()
    handover_item_add(handover=handover, actor=shared_world["agency"], kind=ItemKind.METADATA, file=pdf("ms.pdf"))
    with pytest.raises(ValidationError) as error:
        handover_submit(handover=handover, actor=shared_world["agency"])
    assert error.value.code == "no_results"


# --- the items' checks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://data.example.go.id/x", "data.example.go.id", "", "https://" + "a" * 600]
)
def test_a_dataset_link_is_http_or_https_only(issued, shared_world, url):
    with pytest.raises(ValidationError):
        handover_item_add(handover=issued.handovers.get(), actor=shared_world["agency"], kind=ItemKind.DATASET, url=url)
    assert not HandOverItem.objects.exists()


@pytest.mark.parametrize(
    "content, code",
    [(b"MZ\x90\x00 not a pdf", "not_pdf"), (b"%PDF-1.7\n garbage", "damaged")],
)
def test_a_file_is_checked_as_attachments_are(issued, shared_world, content, code):
    upload = SimpleUploadedFile("publikasi.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        handover_item_add(handover=issued.handovers.get(), actor=shared_world["agency"], kind="publikasi", file=upload)
    assert error.value.code == code
    assert not HandOverItem.objects.exists()


def test_a_file_over_the_limit_is_refused(issued, shared_world, settings):
    settings.ATTACHMENT_MAX_MB = 0
    with pytest.raises(ValidationError) as error:
        handover_item_add(handover=issued.handovers.get(), actor=shared_world["agency"], kind="publikasi", file=pdf())
    assert error.value.code == "too_large"


# --- who may -------------------------------------------------------------------------------------------------------


def test_another_agency_cannot_see_or_add_and_another_office_cannot_confirm(issued, shared_world, client):
    w = shared_world
    handover = issued.handovers.get()
    with pytest.raises(PermissionDenied):
        handover_item_add(handover=handover, actor=w["other_agency"], kind=ItemKind.DATASET, url="https://x.example/")
    client.force_login(w["other_agency"])
    assert client.get(reverse("handover:agency", args=[issued.pk])).status_code == 404
    client.force_login(w["agency"])
    assert client.get(reverse("handover:agency", args=[issued.pk])).status_code == 200
    handed_over(issued, w)
    with pytest.raises(PermissionDenied):
        handover_receive(handover=handover, actor=w["other_coordinator"])
    with pytest.raises(PermissionDenied):
        handover_receive(handover=handover, actor=w["agency"])
    with pytest.raises(PermissionDenied):  # an office admin runs the office, does not confirm results
        handover_receive(handover=handover, actor=w["office_admin"])
    client.force_login(w["other_coordinator"])
    assert client.get(reverse("handover:office", args=[w["office"].code])).status_code == 403
    response = client.post(
        reverse("handover:office", args=[w["other_office"].code]), {"handover": handover.pk, "action": "receive"}
    )  # its own office's page, another office's hand-over: nothing found there
    assert response.status_code == 302
    assert HandOver.objects.get(pk=handover.pk).state == HandOverState.SUBMITTED


def test_the_province_and_bps_ri_see_the_list_but_do_not_decide(issued, shared_world, client):
    handed_over(issued, shared_world)
    client.force_login(shared_world["central_head"])
    page = client.get(reverse("handover:office", args=[shared_world["office"].code]), **EN)
    assert page.status_code == 200 and page.context["may_decide"] is False
    assert 'value="receive"' not in page.content.decode()


# --- reminders -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days_left, expected",
    [(20, None), (14, "before-14"), (4, "before-14"), (3, "before-3"), (0, "before-3"), (-1, None), (-7, "after-7"),
     (-29, "after-7"), (-30, "after-30"), (-400, "after-30")],
)  # fmt: skip
def test_threshold(days_left, expected):
    assert threshold(RELEASE, RELEASE - datetime.timedelta(days=days_left)) == expected


def test_reminders_once_per_threshold_even_when_the_sweep_runs_twice(issued, shared_world):
    def keys():
        return sorted(Message.objects.filter(template="handover_reminder", channel="email").values_list(
            "idempotency_key", flat=True))  # fmt: skip

    pk = issued.handovers.get().pk
    agency = shared_world["agency"].pk
    handover_reminders_sweep(today=RELEASE - datetime.timedelta(days=30))
    assert keys() == []
    for day in (14, 10, 14):
        handover_reminders_sweep(today=RELEASE - datetime.timedelta(days=day))
    assert keys() == [f"handover:{pk}:before-14:{agency}"]
    handover_reminders_sweep(today=RELEASE - datetime.timedelta(days=2))
    handover_reminders_sweep(today=RELEASE - datetime.timedelta(days=2))
    handover_reminders_sweep(today=RELEASE + datetime.timedelta(days=8))
    handover_reminders_sweep(today=RELEASE + datetime.timedelta(days=31))
    handover_reminders_sweep(today=RELEASE + datetime.timedelta(days=45))
    assert keys() == sorted(f"handover:{pk}:{t}:{agency}" for t in ("before-14", "before-3", "after-7", "after-30"))
    late = Message.objects.get(idempotency_key=f"handover:{pk}:after-7:{agency}")
    assert late.context["late"] is True and late.context["days"] == 8
    assert late.context["url"] == reverse("handover:agency", args=[issued.pk])


def test_no_reminder_once_handed_over(issued, shared_world):
    handed_over(issued, shared_world)
    handover_reminders_sweep(today=RELEASE + datetime.timedelta(days=8))
    assert not Message.objects.filter(template="handover_reminder").exists()


# --- the office's compliance list ------------------------------------------------------------------------------------


def test_compliance_due_overdue_awaiting_received_by_agency_and_year_with_export(issued, shared_world, client):
    w = shared_world
    office = w["office"]
    assert [r["status"] for r in compliance_rows(office)] in ([DUE], [OVERDUE])
    HandOver.objects.filter(submission=issued).update(due_date=datetime.date(2020, 1, 31))
    assert [r["status"] for r in compliance_rows(office)] == [OVERDUE]
    handed_over(issued, w)
    assert [r["status"] for r in compliance_rows(office)] == [AWAITING]
    client.force_login(w["reviewer"])
    page = client.get(reverse("handover:office", args=[office.code]), {"tahun": 2020}, **EN)
    assert page.status_code == 200 and page.context["summary"][0]["awaiting"] == 1
    response = client.post(reverse("handover:office", args=[office.code]), {"handover": issued.handovers.get().pk,
                                                                             "action": "receive"})  # fmt: skip
    assert response.status_code == 302
    assert [r["status"] for r in compliance_rows(office, year=2020)] == [RECEIVED]
    assert compliance_rows(office, year=2019) == []
    csv = client.get(reverse("handover:office", args=[office.code]), {"format": "csv"}, **EN)
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Agency,Number,Activity,Period,Due date,Status")
    assert "Dinas Kesehatan" in lines[1] and "2020-01-31" in lines[1] and "Handed over" in lines[1]
    xlsx = client.get(reverse("handover:office", args=[office.code]), {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value == "Dinas Kesehatan"


# --- the catalogue and its exports ----------------------------------------------------------------------------------


def test_the_catalogue_shows_the_results_once_received_with_the_links(issued, shared_world, client):
    page = client.get(reverse("catalogue:detail", args=[issued.pk]), **EN).content.decode()
    assert 'data-testid="not-handed-over"' in page and "Due 1 December 2027" in page
    handover = handed_over(issued, shared_world)
    assert public_results(issued).handed_over is False  # awaiting the office: not yet public
    handover_receive(handover=handover, actor=shared_world["head"])
    results = public_results(issued)
    assert results.handed_over and [link["kind"] for link in results.links] == ["publikasi", "dataset"]
    page = client.get(reverse("catalogue:detail", args=[issued.pk]), **EN).content.decode()
    assert 'data-testid="handed-over"' in page and "https://data.example.go.id/set/42" in page
    publication = results.links[0]["url"]
    download = client.get(publication)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    data = json.loads(client.get(reverse("catalogue:mskeg_json", args=[issued.pk])).content)
    assert data["results"]["handed_over"] is True
    assert data["results"]["links"][1] == {"kind": "dataset", "period": "2027-12",
                                           "url": "https://data.example.go.id/set/42"}  # fmt: skip
    assert data["results"]["links"][0]["url"].endswith(publication)
    root = ET.fromstring(client.get(reverse("catalogue:ddi_xml", args=[issued.pk])).content)
    ns = {"d": "ddi:codebook:2_5"}
    uris = [e.get("URI") for e in root.findall("d:stdyDscr/d:othrStdyMat/d:relMat/d:ExtLink", ns)]
    assert uris[1] == "https://data.example.go.id/set/42" and uris[0].endswith(publication)


def test_a_questionnaire_is_never_public(issued, shared_world, client):
    w = shared_world
    handover = issued.handovers.get()
    item = handover_item_add(handover=handover, actor=w["agency"], kind=ItemKind.QUESTIONNAIRE, file=pdf("k.pdf"))
    handover_item_add(handover=handover, actor=w["agency"], kind=ItemKind.DATASET, url="https://d.example/")
    handover_receive(handover=handover_submit(handover=handover, actor=w["agency"]), actor=w["head"])
    assert client.get(reverse("handover:item", args=[issued.pk, item.pk])).status_code == 404
    client.force_login(w["agency"])
    assert client.get(reverse("handover:item", args=[issued.pk, item.pk])).status_code == 200


def test_the_agencys_submission_page_leads_to_the_hand_over(issued, shared_world, client):
    client.force_login(shared_world["agency"])
    page = client.get(reverse("submissions:overview", args=[issued.pk]), **EN).content.decode()
    assert 'data-testid="handover-block"' in page and reverse("handover:agency", args=[issued.pk]) in page
    client.force_login(shared_world["reviewer"])  # the office sees the submission, not the agency's block
    page = client.get(reverse("submissions:overview", args=[issued.pk]), **EN)
    assert 'data-testid="handover-block"' not in page.content.decode()


def test_the_messages_render_in_the_recipients_language(issued, shared_world):
    from notifications.services import message_render

    handover_reminders_sweep(today=RELEASE + datetime.timedelta(days=8))
    handover_request_more(handover=handed_over(issued, shared_world), actor=shared_world["reviewer"], note="Kurang.")
    late = Message.objects.get(template="handover_reminder", channel="email")
    late.language = "id"
    subject, body = message_render(message=late)
    assert subject == f"Serah hasil {issued.number} sudah lewat waktu"
    assert "8 hari yang lalu" in body and reverse("handover:agency", args=[issued.pk]) in body
    asked = Message.objects.get(template="handover_reviewed", channel="email")
    asked.language = "en"
    subject, body = message_render(message=asked)
    assert subject == f"BPS asks for more results of {issued.number}" and "Kurang." in body
    submitted = Message.objects.filter(template="handover_submitted", channel="email").first()
    submitted.language = "id"
    assert message_render(message=submitted)[0] == f"Hasil {issued.number} diserahkan"
