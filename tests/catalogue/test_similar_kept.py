"""The duplicate-detection panel of the review page and the agency's overview, kept per process under the
submission's version and the catalogue's generation (issue 20: catalogue.templatetags.catalogue_panels): it
follows on the next view a change of the submission (its form, its variables) and of the catalogue (an entry
listed or removed), and a kept view reads nothing of the catalogue."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import CatalogueEntry
from review import services
from submissions import tables
from tests.review.test_detail_large_form import _form

from .conftest import make_issued
from .test_similar import catalogue  # noqa: F401 (the fixture)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _listed(client, submission) -> list[int]:
    response = client.get(reverse("review:detail", args=[submission.pk]), **EN)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-testid="similar-activity" data-pk="(\d+)"', response.content.decode())]


def _retitled(submission, title):
    """The agency's form saved (section_save: the form's save(), which bumps `updated_at`)."""
    submission.title = title
    submission.save()
    return submission


def test_kept_panel_follows_the_submission_and_the_catalogue(catalogue, client):  # noqa: F811
    w = catalogue
    s = _form(w, variables=1, indicators=0, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    assert _listed(client, s) == []  # "Survei 1": nothing alike
    s = _retitled(s, "Survei Status Gizi Balita Kecamatan Baamang")
    assert _listed(client, s) == [w["gizi"].pk, w["gizi_bjm"].pk]
    assert _listed(client, s) == [w["gizi"].pk, w["gizi_bjm"].pk]  # kept

    # A letter signed on the subject lists a new entry; one removed is gone: both on the next view.
    newer = make_issued(w["bjm"], title="Survei Status Gizi Balita Kecamatan Baamang Ulang", secrets=False)
    assert newer.pk in _listed(client, s)
    CatalogueEntry.objects.filter(submission=w["gizi_bjm"]).delete()
    assert w["gizi_bjm"].pk not in _listed(client, s)

    # The agency revises: another title, then a variable shared with an activity on another subject.
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    s = _retitled(s, "Pendataan Warga Desa")
    assert _listed(client, s) == []
    tables.variable_save(
        submission=s,
        actor=w["agency"],
        data={"name": "Akses internet", "definition": "Rumah tangga mengakses internet", "data_type": "numerik"},
    )
    assert _listed(client, s) == [w["internet"].pk]


def test_a_kept_panel_reads_nothing_of_the_catalogue(catalogue, client):  # noqa: F811
    w = catalogue
    s = _retitled(_form(w, variables=1, indicators=0, rounds=1, notes_per_round=1), "Survei Gizi Balita Baamang")
    client.force_login(w["reviewer"])
    assert _listed(client, s)
    with CaptureQueriesContext(connection) as captured:
        assert _listed(client, s)
    table = f'"{CatalogueEntry._meta.db_table}"'
    assert not [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def test_the_agency_overview_shows_the_same_panel(catalogue, client):  # noqa: F811
    w = catalogue
    s = _retitled(_form(w, variables=1, indicators=0, rounds=1, notes_per_round=1), "Survei Gizi Balita Baamang")
    client.force_login(w["reviewer"])
    review = client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()
    client.force_login(w["agency"])
    overview = client.get(reverse("submissions:overview", args=[s.pk]), **EN).content.decode()
    panel = re.compile(r'<section class="card mb-3 border-info" data-testid="similar-activities".*?</section>', re.S)
    assert panel.search(review).group(0) == panel.search(overview).group(0)


pytestmark = pytest.mark.django_db
