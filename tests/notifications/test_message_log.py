"""The office's message page (failed messages and their resend) and the message log of each submission:
who sees them, who may resend, a repeated click is a no-op, and a fixed number of queries at two sizes."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from notifications.enums import Channel, MessageState
from notifications.labels import TEMPLATE_LABELS, template_label
from notifications.models import Message
from notifications.rules import message_failed, message_queued
from notifications.selectors import (
    failed_messages_of_office,
    messages_in_tab,
    messages_of_office,
    messages_of_subject,
    office_message_tabs,
    submission_pk_of,
    submission_ref,
)
from notifications.services import message_deliver, message_resend
from romantik.enums import Role
from tests.factories import (
    OfficeFactory,
    SubmissionFactory,
    staff,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ERROR = "SMTPRecipientsRefused: {'x@example.go.id': (550, b'mailbox unavailable')}"


@pytest.fixture
def world(shared_world):
    """The shared world's two offices with their staff (and an admin of the second), an agency user of the
    first and a submission submitted to it."""
    w = shared_world
    submission = SubmissionFactory(owner=w["agency"], submitted=True)
    assert submission.office == w["office"]
    return {
        **w,
        "other": w["other_office"],
        "submission": submission,
        "other_admin": staff(w["other_office"], Role.OFFICE_ADMIN),
    }


def make(office, *, state=MessageState.FAILED, recipient=None, subject_ref="", template="submission_incoming", **extra):
    fields = {
        "address": recipient.email if recipient else "someone@example.go.id",
        "recipient": recipient,
        "template": template,
        "context": {"number": "X-1", "agency": "Dinas Uji", "url": "/"},
        "state": state,
        "attempts": settings.OUTBOX_MAX_ATTEMPTS if state == MessageState.FAILED else 0,
        "last_error": ERROR if state == MessageState.FAILED else "",
        "subject_ref": subject_ref,
        "office": office,
        **extra,
    }
    return Message.objects.create(**fields)


def page_url(office, **query):
    url = reverse("office_messages", kwargs={"code": office.code})
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def resend_url(message):
    return reverse("office_message_resend", kwargs={"code": message.office.code, "pk": message.pk})


def post(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data or {}, **EN)
    response.flash = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code == 302:
        client.get(response["Location"], **EN)  # shows (and so clears) the messages, as a browser would
    return response


def shown_pks(response) -> set[int]:
    return {m.pk for m in response.context["rows"]}


# --- labels ---------------------------------------------------------------------------------------------


def test_every_message_template_has_a_label():
    folder = Path(settings.BASE_DIR) / "notifications" / "templates" / "notifications" / "messages"
    templates = {path.name for path in folder.iterdir() if path.is_dir()}
    assert templates - TEMPLATE_LABELS.keys() == set()
    with translation.override("en"):  # whatever language an earlier test left active
        assert template_label("submission_incoming") == "New submission received"
    assert template_label("not_yet_labelled") == "not_yet_labelled"


def test_submission_ref_round_trips():
    assert submission_pk_of(submission_ref(12)) == 12
    assert submission_pk_of("submissions.submission:x") is None
    assert submission_pk_of("letters.letter:12") is None


# --- the office page's tabs and the resend, as selectors and predicates ----------------------------------


def test_office_message_tabs_count_each_state_and_open_on_failed_ones(world):
    office = world["office"]
    Message.objects.filter(office=office).delete()  # what submitting queued
    make(office, state=MessageState.SENT)
    make(world["other"])
    with translation.override("en"):
        tabs = office_message_tabs(office)
        shown = [(t.value, str(t.label), t.count) for t in tabs.tabs]
    assert shown == [
        ("gagal", "Failed", 0),
        ("antre", "Queued", 0),
        ("terkirim", "Sent", 1),
        ("semua", "All", 1),
    ]
    assert (tabs.failed, tabs.default) == (0, "semua")
    make(office)
    make(office)
    tabs = office_message_tabs(office)
    assert (tabs.failed, tabs.default, tabs.tabs[0].count, tabs.tabs[-1].count) == (2, "gagal", 2, 3)


def test_messages_in_tab_filter_by_the_tabs_state(world):
    office = world["office"]
    Message.objects.filter(office=office).delete()
    rows = {state: make(office, state=state) for state in MessageState}
    ours = messages_of_office(office)
    assert {tab: {m.pk for m in messages_in_tab(ours, tab)} for tab in ("gagal", "antre", "terkirim", "semua")} == {
        "gagal": {rows[MessageState.FAILED].pk},
        "antre": {rows[MessageState.QUEUED].pk},
        "terkirim": {rows[MessageState.SENT].pk},
        "semua": {m.pk for m in rows.values()},
    }


def test_failed_messages_of_office_oldest_first_of_that_office_only(world):
    office = world["office"]
    first, second = make(office), make(office)
    make(office, state=MessageState.SENT)
    make(world["other"])
    assert list(failed_messages_of_office(office)) == [first, second]


def test_message_failed_and_queued_read_the_state(world):
    failed = make(world["office"])
    assert (message_failed(failed), message_queued(failed)) == (True, False)
    queued = message_resend(message=failed)
    assert (message_failed(queued), message_queued(queued)) == (False, True)
    sent = make(world["office"], state=MessageState.SENT)
    assert (message_failed(sent), message_queued(sent)) == (False, False)


# --- who sees the office page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office_admin", "coordinator", "head"])
def test_office_page_opens_for_admin_coordinator_and_head(world, client, role):
    failed = make(world["office"])
    client.force_login(world[role])
    response = client.get(page_url(world["office"]), **EN)
    assert response.status_code == 200
    assert shown_pks(response) == {failed.pk}
    assert response.context["can_resend"] is (role == "office_admin")
    html = response.content.decode()
    assert ('data-testid="resend"' in html) is (role == "office_admin")
    assert ('data-testid="resend-all"' in html) is (role == "office_admin")


@pytest.mark.parametrize("role", ["reviewer", "front_desk", "other_admin", "agency"])
def test_office_page_is_404_for_everyone_else(world, client, role):
    make(world["office"])
    client.force_login(world[role])
    assert client.get(page_url(world["office"])).status_code == 404


def test_office_page_is_404_for_an_unknown_office(world, client):
    client.force_login(world["office_admin"])
    assert client.get(page_url(OfficeFactory.build(code="9999"))).status_code == 404


def test_office_page_redirects_anonymous_to_login(world, client):
    response = client.get(page_url(world["office"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_office_page_shows_only_the_offices_messages(world, client):
    ours = make(world["office"])
    theirs = make(world["other"])
    client.force_login(world["office_admin"])
    assert shown_pks(client.get(page_url(world["office"], status="semua"))) >= {ours.pk}
    assert theirs.pk not in shown_pks(client.get(page_url(world["office"], status="semua")))
    client.force_login(world["other_admin"])
    assert shown_pks(client.get(page_url(world["other"], status="semua"))) == {theirs.pk}


def test_office_page_opens_on_failed_tab_when_some_failed(world, client):
    office = world["office"]
    Message.objects.filter(office=office).delete()  # what submitting queued
    sent = make(office, state=MessageState.SENT)
    client.force_login(world["office_admin"])
    response = client.get(page_url(office), **EN)
    assert response.context["tab"] == "semua"
    assert shown_pks(response) == {sent.pk}

    failed = make(office)
    queued = make(office, state=MessageState.QUEUED)
    response = client.get(page_url(office), **EN)
    assert response.context["tab"] == "gagal"
    assert shown_pks(response) == {failed.pk}
    counts = {t["value"]: t["count"] for t in response.context["tabs"]}
    assert counts == {"gagal": 1, "antre": 1, "terkirim": 1, "semua": 3}
    assert shown_pks(client.get(page_url(office, status="antre"))) == {queued.pk}
    assert shown_pks(client.get(page_url(office, status="terkirim"))) == {sent.pk}
    assert shown_pks(client.get(page_url(office, status="semua"))) == {sent.pk, failed.pk, queued.pk}


def test_office_page_filters_by_channel_and_address(world, client):
    office = world["office"]
    Message.objects.filter(office=office).delete()
    mail_row = make(office, address="ani@dinas.go.id")
    wa_row = make(office, address="6281234567890", channel=Channel.WHATSAPP)
    named = make(office, recipient=world["coordinator"])
    client.force_login(world["office_admin"])
    assert shown_pks(client.get(page_url(office, kanal="whatsapp"))) == {wa_row.pk}
    assert shown_pks(client.get(page_url(office, kanal="email"))) == {mail_row.pk, named.pk}
    assert shown_pks(client.get(page_url(office, q="DINAS.go"))) == {mail_row.pk}
    assert shown_pks(client.get(page_url(office, q=world["coordinator"].full_name))) == {named.pk}
    # A channel that does not exist is ignored, never a 500.
    response = client.get(page_url(office, kanal="pigeon"))
    assert response.status_code == 200
    assert shown_pks(response) == {mail_row.pk, wa_row.pk, named.pk}


def test_office_page_shows_label_error_and_submission_link(world, client):
    office, submission = world["office"], world["submission"]
    long_error = "SMTPServerDisconnected: " + "connection unexpectedly closed " * 10
    failed = make(office, subject_ref=submission_ref(submission.pk), last_error=long_error, recipient=world["head"])
    client.force_login(world["office_admin"])
    html = client.get(page_url(office), **EN).content.decode()
    row = html[html.index(f'id="message-{failed.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "New submission received" in row
    assert world["head"].full_name in row and world["head"].email in row
    assert f'href="{reverse("review:detail", kwargs={"pk": submission.pk})}"' in row
    assert submission.number and submission.number in row
    assert "<details>" in row and long_error.strip() in row  # truncated in the summary, whole when opened


def test_office_page_paginates_by_50(world, client):
    office = world["office"]
    Message.objects.filter(office=office).delete()
    rows = [make(office) for _ in range(51)]
    client.force_login(world["office_admin"])
    first = client.get(page_url(office), **EN)
    assert len(first.context["rows"]) == 50
    assert rows[-1].pk == first.context["rows"][0].pk  # newest first
    second = client.get(page_url(office, status="gagal", halaman=2), **EN)
    assert shown_pks(second) == {rows[0].pk}


def test_office_page_queries_do_not_grow_with_rows(world, client, django_assert_num_queries):
    office = world["office"]
    client.force_login(world["office_admin"])

    def fill(total):
        while Message.objects.filter(office=office).count() < total:
            n = Message.objects.filter(office=office).count()
            make(
                office,
                recipient=world["reviewer"] if n % 2 else None,
                subject_ref=submission_ref(world["submission"].pk),
                state=MessageState.FAILED if n % 3 else MessageState.SENT,
            )

    fill(5)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(office, status="semua"), **EN)
    assert len(response.context["rows"]) == 5
    fill(45)
    with django_assert_num_queries(len(queries)):
        response = client.get(page_url(office, status="semua"), **EN)
    assert len(response.context["rows"]) == 45


# --- resend ---------------------------------------------------------------------------------------------


def test_resend_queues_again_sends_once_and_second_click_is_a_no_op(world, client, django_capture_on_commit_callbacks):
    failed = make(world["office"], recipient=world["agency"], template="membership_verified")
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, world["office_admin"], resend_url(failed), {"next": page_url(world["office"])})
    assert response.status_code == 302
    assert response["Location"] == page_url(world["office"])
    assert response.flash == [f"The message to {failed.address} is queued again and will be sent shortly."]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.next_attempt_at) == (MessageState.QUEUED, 0, None)
    assert failed.last_error == ERROR  # kept for history until a new attempt replaces it
    assert len(callbacks) == 1  # the dispatch, after commit

    message_deliver(message_id=failed.pk)
    failed.refresh_from_db()
    assert failed.state == MessageState.SENT
    assert [m.to for m in mail.outbox] == [[world["agency"].email]]

    with django_capture_on_commit_callbacks() as callbacks:
        again = post(client, world["office_admin"], resend_url(failed))
    assert again.status_code == 302
    assert again.flash == ["This message is already “Sent”; nothing changed."]
    assert callbacks == []
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (MessageState.SENT, 1)


@pytest.mark.parametrize("role", ["coordinator", "head"])
def test_resend_refused_for_viewers_who_are_not_admin(world, client, role, django_capture_on_commit_callbacks):
    failed = make(world["office"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, world[role], resend_url(failed))
        resend_all = post(client, world[role], reverse("office_messages_resend_failed", args=[world["office"].code]))
    assert response.status_code == resend_all.status_code == 302
    assert response.flash == ["Only the office administrator may resend messages; nothing changed."]
    assert resend_all.flash == response.flash
    assert callbacks == []
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (MessageState.FAILED, settings.OUTBOX_MAX_ATTEMPTS)


@pytest.mark.parametrize("role", ["reviewer", "front_desk", "other_admin", "agency"])
def test_resend_is_404_for_everyone_else(world, client, role):
    failed = make(world["office"])
    client.force_login(world[role])
    assert client.post(resend_url(failed)).status_code == 404
    assert client.post(reverse("office_messages_resend_failed", args=[world["office"].code])).status_code == 404
    failed.refresh_from_db()
    assert failed.state == MessageState.FAILED


def test_resend_of_another_offices_message_is_404(world, client):
    theirs = make(world["other"])
    client.force_login(world["office_admin"])
    url = reverse("office_message_resend", kwargs={"code": world["office"].code, "pk": theirs.pk})
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == MessageState.FAILED


def test_resend_is_post_only(world, client):
    failed = make(world["office"])
    client.force_login(world["office_admin"])
    assert client.get(resend_url(failed)).status_code == 405


def test_resend_ignores_a_next_address_of_another_site(world, client):
    failed = make(world["office"])
    response = post(client, world["office_admin"], resend_url(failed), {"next": "https://evil.example.com/"})
    assert response["Location"] == page_url(world["office"])


def test_service_checks_the_actor_and_keeps_actorless_callers(world):
    failed = make(world["office"])
    with pytest.raises(PermissionDenied):
        message_resend(message=failed, actor=world["coordinator"])
    with pytest.raises(PermissionDenied):
        message_resend(message=failed, actor=world["other_admin"])
    failed.refresh_from_db()
    assert failed.state == MessageState.FAILED
    # The site admin's action and older callers pass no actor.
    assert message_resend(message=failed).state == MessageState.QUEUED
    # Only a failed message is re-queued: a sent one is returned unchanged.
    sent = make(world["office"], state=MessageState.SENT, attempts=1)
    assert (message_resend(message=sent, actor=world["office_admin"]).state, sent.attempts) == (MessageState.SENT, 1)


def test_resend_all_failed_queues_only_this_offices_failed_messages(world, client, django_capture_on_commit_callbacks):
    office = world["office"]
    failed = [make(office) for _ in range(3)]
    sent = make(office, state=MessageState.SENT, attempts=1)
    theirs = make(world["other"])
    url = reverse("office_messages_resend_failed", args=[office.code])
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, world["office_admin"], url)
    assert response.flash == ["3 failed messages are queued again."]
    assert len(callbacks) == 3
    assert set(Message.objects.filter(pk__in=[m.pk for m in failed]).values_list("state", flat=True)) == {
        MessageState.QUEUED
    }
    sent.refresh_from_db()
    theirs.refresh_from_db()
    assert (sent.state, theirs.state) == (MessageState.SENT, MessageState.FAILED)

    again = post(client, world["office_admin"], url)
    assert again.flash == ["No message has failed; nothing changed."]


def test_resend_all_button_asks_for_confirmation(world, client):
    make(world["office"])
    client.force_login(world["office_admin"])
    html = client.get(page_url(world["office"]), **EN).content.decode()
    button = html[html.index('data-testid="resend-all"') :]
    assert 'data-confirm="Send the 1 failed message again?"' in button[: button.index(">")]


# --- the office workspace -------------------------------------------------------------------------------


def test_workspace_shows_failed_count_to_those_who_see_the_page(world, client):
    office = world["office"]
    workspace = reverse("office_workspace", args=[office.code])
    client.force_login(world["office_admin"])
    html = client.get(workspace, **EN).content.decode()
    assert page_url(office) in html
    assert 'data-testid="failed-messages"' not in html
    make(office)
    make(office)
    make(world["other"])
    html = client.get(workspace, **EN).content.decode()
    assert "Failed messages (2)" in html
    client.force_login(world["reviewer"])
    html = client.get(workspace, **EN).content.decode()
    assert page_url(office) not in html


# --- the message log of a submission --------------------------------------------------------------------


def detail(client, user, submission):
    client.force_login(user)
    return client.get(reverse("review:detail", kwargs={"pk": submission.pk}), **EN)


def test_submission_log_shows_the_messages_of_that_submission_only(world, client):
    office, submission = world["office"], world["submission"]
    ref = submission_ref(submission.pk)
    queued_by_submit = set(Message.objects.filter(subject_ref=ref).values_list("pk", flat=True))
    assert queued_by_submit  # submitting told the office and the agency
    failed = make(office, subject_ref=ref)
    other_submission = make(office, subject_ref=submission_ref(submission.pk + 1000))
    unrelated = make(office, subject_ref="romantik.agencymembership:1")

    response = detail(client, world["reviewer"], submission)
    assert response.status_code == 200
    log = response.context["message_log"]
    assert {m.pk for m in log.rows} == queued_by_submit | {failed.pk}
    assert log.failed == 1
    html = response.content.decode()
    assert 'id="message-log"' in html and "Message log" in html
    assert f'id="message-{failed.pk}"' in html
    assert f'id="message-{other_submission.pk}"' not in html and f'id="message-{unrelated.pk}"' not in html
    assert 'data-testid="resend"' not in html  # a reviewer sees, never resends


def test_superuser_sees_the_office_page_but_not_the_review_page(world, client):
    """The site admin administers the portal (its rule names it for the message page) but does not act
    inside an office's review: the review page is the office staff's."""
    from tests.factories import UserFactory

    submission = world["submission"]
    root = UserFactory(is_superuser=True, is_staff=True)
    ours = make(world["office"], subject_ref=submission_ref(submission.pk))
    client.force_login(root)
    page = client.get(page_url(world["office"]), **EN)
    assert page.status_code == 200 and resend_url(ours) in page.content.decode()
    assert client.get(reverse("review:detail", kwargs={"pk": submission.pk})).status_code == 404


def test_a_message_without_office_has_no_resend_button(world, client):
    submission = world["submission"]
    orphan = make(None, subject_ref=submission_ref(submission.pk))
    html = detail(client, world["office_admin"], submission).content.decode()
    row = html[html.index(f'id="message-{orphan.pk}"') :]
    assert 'data-testid="resend"' not in row[: row.index("</tr>")]


def test_submission_log_not_shown_to_the_agency(world, client):
    make(world["office"], subject_ref=submission_ref(world["submission"].pk))
    client.force_login(world["agency"])
    response = client.get(reverse("review:detail", kwargs={"pk": world["submission"].pk}))
    assert response.status_code == 404


def test_submission_log_resend_by_office_admin_returns_to_the_submission(world, client):
    submission = world["submission"]
    failed = make(world["office"], subject_ref=submission_ref(submission.pk))
    html = detail(client, world["office_admin"], submission).content.decode()
    row = html[html.index(f'id="message-{failed.pk}"') :]
    assert resend_url(failed) in row[: row.index("</tr>")]

    back = reverse("review:detail", kwargs={"pk": submission.pk}) + "#message-log"
    response = post(client, world["office_admin"], resend_url(failed), {"next": back})
    assert response["Location"] == back
    failed.refresh_from_db()
    assert failed.state == MessageState.QUEUED


def test_submission_log_queries_do_not_grow_with_rows(world, client, django_assert_num_queries):
    office, submission = world["office"], world["submission"]
    ref = submission_ref(submission.pk)
    client.force_login(world["office_admin"])
    url = reverse("review:detail", kwargs={"pk": submission.pk})

    def fill(total):
        while len(messages_of_subject(ref)) < total:
            n = Message.objects.filter(subject_ref=ref).count()
            make(office, subject_ref=ref, recipient=world["head"] if n % 2 else None)

    fill(4)
    client.get(url, **EN)  # warm the per-process caches (the catalogue's common words) before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **EN)
    assert len(response.context["message_log"].rows) == 4
    fill(30)
    with django_assert_num_queries(len(queries)):
        response = client.get(url, **EN)
    assert len(response.context["message_log"].rows) == 30
