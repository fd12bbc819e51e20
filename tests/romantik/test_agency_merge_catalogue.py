"""After a merge, the catalogue names the agency the duplicate was merged into: its entries' agency name and
search text are written again (romantik.signals.agency_merged, answered by catalogue.receivers), so the moved
activity is found by the listed agency's name and acronym, and no longer by the duplicate's name."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from catalogue.models import CatalogueEntry
from catalogue.services import catalogue_entry_refresh
from letters.models import Letter
from romantik.agencies import agency_merge
from romantik.enums import MembershipStatus, Role
from romantik.models import AgencyMembership
from tests.factories import AgencyFactory, SubmissionFactory, agency_user, staff, world_build

pytestmark = pytest.mark.django_db


def _listed(user, title):
    """An issued submission of `user`'s agency with a signed, numbered letter, listed in the catalogue."""
    submission = SubmissionFactory(owner=user, issued=True, title=title)
    Letter.objects.filter(pk=submission.letter.pk).update(
        number=f"B-{submission.pk}/62020/VS.300/2026", letter_date=datetime.date(2026, 6, 1), signed_at=timezone.now()
    )
    return catalogue_entry_refresh(submission=submission)


def _search(client, q):
    response = client.get("/katalog/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_the_merge_rewrites_the_catalogue_entries_of_the_moved_activities(client):
    w = world_build()
    into = w["agency_org"]  # Dinas Kesehatan
    into.acronym = ""
    into.save(update_fields=["acronym"])
    duplicate = AgencyFactory(name="Dinkes Kotawaringin Lama", acronym="DKKL", region=w["regency"])
    user = agency_user(duplicate)
    moved = _listed(user, "Survei Gizi Balita Kotim")
    own = _listed(w["agency"], "Survei Sanitasi Rumah Tangga")
    assert moved.agency_name == "Dinkes Kotawaringin Lama" and "dkkl" in moved.search_text

    agency_merge(duplicate=duplicate, into=into, actor=staff(w["office"], Role.OFFICE_ADMIN))

    moved.refresh_from_db()
    own.refresh_from_db()
    assert (moved.agency_id, moved.agency_name) == (into.pk, "Dinas Kesehatan")
    # The listed agency's name is in the text (the organiser's name stays as the agency wrote it in the form).
    assert "dinas kesehatan" in moved.search_text
    # The listed agency took the duplicate's acronym: its own activity is found by it too.
    assert "dkkl" in own.search_text
    assert AgencyMembership.objects.get(user=user).status == MembershipStatus.VERIFIED
    assert CatalogueEntry.objects.filter(agency=into).count() == 2
    if connection.vendor == "postgresql":  # the weighted search vector was rewritten too
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery("dinas kesehatan", config="simple")
        assert CatalogueEntry.objects.filter(pk=moved.pk, search_vector=query).exists()
    # The public catalogue: the moved activity under the listed agency's name, found by the acronym.
    page = _search(client, "dkkl")
    assert "Survei Gizi Balita Kotim" in page and "Survei Sanitasi Rumah Tangga" in page
    assert "Survei Gizi Balita Kotim" in _search(client, "dinas kesehatan gizi")
