"""The consultation form's offices (issue 20): every BPS office but the submission's own, read by one plain query,
and the empty form's HTML kept under the rows it shows (no option built again, no choice list normalised or listed
for the key); an office added or renamed anywhere is offered at once; the field's queryset decides what may be
chosen."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review.forms import ConsultationForm
from review.templatetags.review_forms import crispy_cached
from romantik.models import Office
from tests.factories import OfficeFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _options(html: str) -> list[tuple[str, str]]:
    select = html.split('name="to_office"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_every_office_but_its_own_is_offered_by_code(office_world):
    w = office_world
    html = str(crispy_cached(ConsultationForm(office=w["office"], auto_id="consult-%s")))
    expected = [("", "—")] + [
        (str(pk), f"{code} {name}")
        for pk, code, name in Office.objects.exclude(pk=w["office"].pk)
        .order_by("code")
        .values_list("pk", "code", "name")
    ]
    assert _options(html) == expected
    assert ("", "—") in expected and len(expected) == Office.objects.count()
    other = _options(str(crispy_cached(ConsultationForm(office=w["other_office"], auto_id="consult-%s"))))
    assert (str(w["office"].pk), f"{w['office'].code} {w['office'].name}") in other  # per office, not shared
    assert str(w["other_office"].pk) not in [value for value, _label in other]


def test_the_page_reads_the_offices_in_one_plain_query(office_world, client):
    w = office_world
    client.force_login(w["coordinator"])
    url = reverse("review:detail", args=[w["submission"].pk])
    first = client.get(url, **EN).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url, **EN).content.decode()
    columns = 'SELECT "id", "code", "name" FROM "romantik_office" ORDER BY "code"'
    listed = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(columns)]
    assert len(listed) == 1  # what the options show, no model instances
    assert _options(again) == _options(first) and len(_options(first)) == Office.objects.count()


def _offered(office) -> list[tuple[str, str]]:
    return _options(str(crispy_cached(ConsultationForm(office=office, auto_id="consult-%s"))))


def test_an_office_added_renamed_or_removed_anywhere_shows_at_once(office_world):
    """The kept HTML is keyed by the rows it shows: a change made without any signal (another process, a bulk
    write) is a new key."""
    w = office_world
    before = _offered(w["office"])
    new = OfficeFactory(code="6299", name="BPS Kabupaten Baru")
    after = _offered(w["office"])
    assert (str(new.pk), "6299 BPS Kabupaten Baru") in after and len(after) == len(before) + 1
    Office.objects.filter(pk=new.pk).update(name="BPS Kabupaten Baru Sekali")
    assert (str(new.pk), "6299 BPS Kabupaten Baru Sekali") in _offered(w["office"])
    new.delete()
    assert _offered(w["office"]) == before


def test_the_queryset_decides_what_may_be_chosen(office_world):
    w = office_world
    chosen = ConsultationForm({"to_office": w["other_office"].pk, "question": "Metode?"}, office=w["office"])
    assert chosen.is_valid() and chosen.cleaned_data["to_office"] == w["other_office"]
    own = ConsultationForm({"to_office": w["office"].pk, "question": "Metode?"}, office=w["office"])
    assert not own.is_valid() and "to_office" in own.errors
    gone = OfficeFactory(code="6298", name="BPS Kabupaten Dihapus")
    listed = ConsultationForm(office=w["office"])  # offered, then removed: refused
    assert str(gone.pk) in [str(value) for value, _label in listed.fields["to_office"].choices]
    gone_pk = gone.pk
    gone.delete()
    refused = ConsultationForm({"to_office": gone_pk, "question": "Metode?"}, office=w["office"])
    assert not refused.is_valid() and "to_office" in refused.errors


def test_a_bound_form_is_shown_again_with_its_choice(office_world, client):
    w = office_world
    client.force_login(w["reviewer"])
    response = client.post(
        reverse("review:consultation_request", args=[w["submission"].pk]),
        {"to_office": w["other_office"].pk, "to_email": "tidak.ada@bps.go.id", "question": "Metode?"},
        **EN,
    )
    assert response.status_code == 400
    html = response.content.decode()
    select = html.split('name="to_office"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{w["other_office"].pk}" selected>' in select
