"""The pre-review on the pages: the agency's section pages (a panel per section, each result next to its question,
updated when the section is saved; the title helper), the variables page, the reviewer's review page, and the
one-click note a reviewer makes of a violation (review:note_add: its permission, service and repeated-click
answer). The catalogue is the table the migration seeded; the Django admin edits it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from prereview.models import Rule
from prereview.services import rules_seed
from review import services
from review.models import SectionNote
from submissions.forms import form_data_from_instance, section_form
from submissions.sections import SECTIONS_BY_KEY
from tests.factories import fill_complete, submission_for, world_build

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(db):
    rules_seed()  # the migration's rows, unless a transactional test flushed them
    return world_build()


def section_page(client, user, submission, key):
    client.force_login(user)
    return client.get(reverse("submissions:section", args=[submission.pk, key]), **EN)


def results(response, section=None):
    return {r.key: r.status for r in response.context["prereview"] if section is None or r.section == section}


def section_post(client, submission, key, **changes):
    form_class = section_form(SECTIONS_BY_KEY[key], submission)
    data = {k: v for k, v in form_data_from_instance(form_class(instance=submission)).items() if v is not None}
    data.update(changes)
    return client.post(reverse("submissions:section", args=[submission.pk, key]), data, **EN)


def test_the_catalogue_is_seeded_from_its_file_and_keeps_an_admins_changes(db):
    rules_seed()
    assert Rule.objects.count() == 9 and Rule.objects.filter(enabled=True).count() == 9
    Rule.objects.filter(key="sampling-error-maksimum").update(threshold=10, title="Diubah admin")
    assert rules_seed() == 0
    assert Rule.objects.get(key="sampling-error-maksimum").title == "Diubah admin"
    assert rules_seed(overwrite=True) == 9
    assert Rule.objects.get(key="sampling-error-maksimum").threshold == 5


def test_agency_sees_the_results_next_to_the_fields_and_they_change_on_save(world, client):
    s = fill_complete(submission_for(world["user"]))
    s.supervisors_count, s.enumerators_count = 50, 40
    s.save()
    page = section_page(client, world["user"], s, "6")
    assert results(page, "6") == {"penyelia-lebih-banyak": "violation", "capi-cati-uji-coba": "pass"}
    body = page.content.decode()
    assert 'data-testid="prereview-panel"' in body
    assert 'id="prereview-penyelia-lebih-banyak"' in body and "Periksa isian 6.6" in body  # the fix, by the field
    assert section_post(client, s, "6", supervisors_count="4").status_code == 302
    assert results(section_page(client, world["user"], s, "6"), "6")["penyelia-lebih-banyak"] == "pass"


def test_a_section_the_agency_has_not_answered_cannot_be_judged_yet(world, client):
    s = submission_for(world["user"])
    page = section_page(client, world["user"], s, "3")
    assert results(page, "3") == {"jadwal-analisis": "unknown"}
    assert "Isi tanggal akhir pengumpulan data" in page.content.decode()


def test_a_refused_save_shows_the_results_of_what_is_stored(world, client):
    s = fill_complete(submission_for(world["user"]))
    client.force_login(world["user"])
    response = section_post(client, s, "6", supervisors_count="-3")
    assert response.status_code == 400
    assert results(response, "6")["penyelia-lebih-banyak"] == "pass"


def test_title_helper_is_offered_by_the_title(world, client):
    s = fill_complete(submission_for(world["user"], title="Survei Kepuasan Pelayanan Kesehatan"))
    page = section_page(client, world["user"], s, "header")
    assert page.context["title_proposal"].startswith("Survei Kepuasan Pelayanan Kesehatan")
    assert page.context["title_proposal"].endswith("Tahun 2027")
    body = page.content.decode()
    assert 'data-testid="title-helper"' in body and "js/prereview.js" in body
    assert "<script>" not in body and " style=" not in body


def test_the_variables_page_shows_the_variable_rule(world, client):
    s = fill_complete(submission_for(world["user"]))
    s.variables.update(question_text="")
    client.force_login(world["user"])
    page = client.get(reverse("submissions:variables", args=[s.pk]), **EN)
    assert results(page, "variables") == {"variabel-definisi": "violation"}
    assert 'data-testid="prereview-panel"' in page.content.decode()


def test_a_rule_switched_off_is_not_shown(world, client):
    s = fill_complete(submission_for(world["user"]))
    Rule.objects.filter(key="penyelia-lebih-banyak").update(enabled=False)
    assert results(section_page(client, world["user"], s, "6"), "6") == {"capi-cati-uji-coba": "pass"}


# --- the review page -------------------------------------------------------------------------------------


@pytest.fixture
def in_review(db):
    from submissions.services import submission_submit

    rules_seed()
    w = world_build()
    s = fill_complete(submission_for(w["user"]))
    s.sampling_error, s.previous_recommendation = "8", "B-123/62020/VS.300/2026"
    s.save()
    s.variables.update(question_text="Berapa?")
    s = submission_submit(submission=s, actor=w["user"])
    s = services.review_accept(submission=s, actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    return w, s


def test_review_page_lists_the_results_with_a_button_per_violation(in_review, client):
    w, s = in_review
    client.force_login(w["reviewer"])
    page = client.get(reverse("review:detail", args=[s.pk]), **EN)
    assert results(page)["sampling-error-maksimum"] == "violation"
    assert page.context["prereview_violations"] == 1
    body = page.content.decode()
    assert body.count('data-testid="prereview-make-note"') == 1
    # Staff who may see but not review: the results, no button.
    client.force_login(w["head"])
    body = client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()
    assert 'data-testid="prereview-review"' in body and 'data-testid="prereview-make-note"' not in body


def test_one_click_makes_the_violation_a_note_on_its_question(in_review, client):
    w, s = in_review
    client.force_login(w["reviewer"])
    page = client.get(reverse("review:detail", args=[s.pk]), **EN)
    [violation] = [r for r in page.context["prereview"] if r.is_violation]
    data = {"section": violation.section, "field": violation.field, "text": violation.note_text}
    response = client.post(reverse("review:note_add", args=[s.pk]), data, **EN)
    assert response.status_code == 302 and response["Location"].endswith("#section-5")
    note = SectionNote.objects.get()
    assert (note.section, note.field, note.author, note.round) == ("5", "sampling_error", w["reviewer"], 1)
    assert "8 %" in note.text and "Perbesar sampel" in note.text
    again = client.post(reverse("review:note_add", args=[s.pk]), data, **EN)
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "This note is already there; nothing changed."
    page = client.get(reverse("review:detail", args=[s.pk]), **EN)
    assert 'data-testid="prereview-noted"' in page.content.decode()
    assert 'data-testid="prereview-make-note"' not in page.content.decode()


def test_one_click_note_is_refused_to_someone_who_may_not_review(in_review, client):
    w, s = in_review
    client.force_login(w["reviewer2"])  # of the office, not assigned
    data = {"section": "5", "field": "sampling_error", "text": "Sampling error"}
    response = client.post(reverse("review:note_add", args=[s.pk]), data, **EN)
    assert response.status_code == 302
    assert SectionNote.objects.count() == 0
    client.force_login(w["other_reviewer"])  # another office: the page does not exist for them
    assert client.post(reverse("review:note_add", args=[s.pk]), data, **EN).status_code == 404


# --- the catalogue's page -------------------------------------------------------------------------------


def test_an_office_admin_of_bps_ri_adjusts_and_extends_the_catalogue(world, client, caplog):
    from romantik.enums import Role
    from tests.factories import staff

    admin = staff(world["central"], Role.OFFICE_ADMIN)
    client.force_login(admin)
    listing = client.get(reverse("prereview:rules"), **EN)
    assert listing.status_code == 200 and listing.content.decode().count("<tr data-rule=") == 9
    rule = Rule.objects.get(key="sampling-error-maksimum")
    data = {
        "enabled": "on", "position": "30", "threshold": "10", "parameter": "",
        "title": "Sampling error paling besar {threshold} %",
        "pass_text": "", "violation_text": "Terlalu besar: {value} %.", "fix_text": "Perbesar sampel.",
        "unknown_text": "Isi 5.6.",
    }  # fmt: skip
    with caplog.at_level("INFO", logger="prereview"):
        response = client.post(reverse("prereview:rule_edit", args=[rule.pk]), data, **EN)
    assert response.status_code == 302
    assert f"pre-review rule sampling-error-maksimum changed by user {admin.pk}" in caplog.text
    rule.refresh_from_db()
    assert rule.threshold == 10 and rule.title == "Sampling error paling besar {threshold} %"
    # A second rule of the same kind: a stricter threshold, switched on for all forms.
    added = client.post(
        reverse("prereview:rule_add"),
        {**data, "key": "sampling-error-ketat", "kind": "sampling_error_above", "section": "5",
         "field": "sampling_error", "threshold": "3", "title": "Sampling error ketat"},
        **EN,
    )  # fmt: skip
    assert added.status_code == 302 and Rule.objects.count() == 10
    s = fill_complete(submission_for(world["user"]))  # sampling error 2.5 %
    s.sampling_error = "7"
    s.save()
    page = section_page(client, world["user"], s, "5")
    found = results(page, "5")
    assert (found["sampling-error-maksimum"], found["sampling-error-ketat"]) == ("pass", "violation")
    assert "Sampling error paling besar 10 %" in page.content.decode()


def test_the_catalogue_page_is_refused_to_other_staff(world, client):
    from romantik.enums import Role
    from tests.factories import staff

    client.force_login(staff(world["office"], Role.OFFICE_ADMIN))  # an office admin, not of BPS RI
    assert client.get(reverse("prereview:rules"), **EN).status_code == 403
    rule = Rule.objects.first()
    assert client.post(reverse("prereview:rule_edit", args=[rule.pk]), {"title": "x"}, **EN).status_code == 403
    assert Rule.objects.get(pk=rule.pk).title != "x"
