"""Agencies as master data (issue 18): the curated list per region, proposals reviewed by the responsible office,
duplicates merged with every submission and member kept, and every change in the office's history."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from romantik.agencies import agency_approve, agency_merge, agency_propose, agency_update, listed_agencies
from romantik.audit import office_changes
from romantik.enums import MembershipStatus, RegionLevel, Role
from romantik.forms import AgencySignupForm
from romantik.models import Agency, AgencyMembership, Region
from submissions.forms_frontdesk import served_agencies
from submissions.models import GuestBookEntry, Submission
from tests.factories import AgencyFactory, agency_user, staff, submission_for, world_with_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world):
    """The shared world with a province office above 6202 and 6203, and its office admin."""
    world = world_with_province(shared_world)
    return {**world, "province_admin": staff(world["province_office"], Role.OFFICE_ADMIN)}


def picker_texts(client, **params):
    response = client.get(reverse("picker_agencies"), params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def merge_entries(agency):
    return LogEntry.objects.filter(
        content_type__model="agency",
        object_id=agency.pk,
        action=LogEntry.Action.UPDATE,
        changes__has_key="merged_into",
    )


# --- the merge keeps everything ----------------------------------------------------------------------------


def test_merge_moves_every_submission_member_and_record_and_logs_the_counts(world):
    into = world["agency_org"]  # Dinas Kesehatan, listed, one verified user
    duplicate = agency_propose(
        name="Dinkes Kab. Kotim", level="kabkota", region=world["regency"], proposed_by=world["agency"]
    )
    users = [agency_user(duplicate), agency_user(duplicate), agency_user(duplicate, status=MembershipStatus.PENDING)]
    for user in users[:2]:
        submission_for(user, title=f"Survei {user.pk}")
    submission_for(users[0], title="Survei kedua")
    submission_for(world["agency"], title="Survei Dinkes")
    guest = GuestBookEntry.objects.create(
        office=world["office"],
        visit_date="2027-03-04",
        queue_number=1,
        name="Tamu",
        agency=duplicate,
        agency_name=duplicate.name,
        email="tamu@example.org",
        phone="081234567890",
        purpose="rekomendasi",
    )
    part = AgencyFactory(name="UPT Puskesmas Baamang", region=world["regency"], parent=duplicate)
    submissions_before = set(Submission.objects.values_list("pk", flat=True))
    statuses_before = dict(AgencyMembership.objects.filter(user__in=users).values_list("user_id", "status"))

    done = agency_merge(duplicate=duplicate, into=into, actor=world["office_admin"])

    assert set(Submission.objects.values_list("pk", flat=True)) == submissions_before  # not one lost
    assert Submission.objects.filter(agency=duplicate).count() == 0
    assert Submission.objects.filter(agency=into).count() == 4
    assert AgencyMembership.objects.filter(agency=duplicate).count() == 0
    assert AgencyMembership.objects.filter(agency=into).count() == 4
    # Each member keeps their status: a pending request stays pending, now for the listed agency.
    assert dict(AgencyMembership.objects.filter(user__in=users).values_list("user_id", "status")) == statuses_before
    guest.refresh_from_db()
    part.refresh_from_db()
    duplicate.refresh_from_db()
    assert (guest.agency, part.parent, duplicate.merged_into) == (into, into, into)
    moved = dict(done.moved)
    assert moved[str(AgencyMembership._meta.verbose_name_plural)] == 3
    assert moved[str(Submission._meta.verbose_name_plural)] == 3
    assert moved[str(GuestBookEntry._meta.verbose_name_plural)] == 1
    # The history of the responsible office keeps the merge with what moved.
    entry = office_changes([world["office"].pk]).get(pk__in=merge_entries(duplicate))
    assert entry.actor == world["office_admin"]
    assert entry.changes["merged_into"] == ["None", str(into.pk)]
    assert entry.additional_data["moved"] == {label: count for label, count in done.moved}
    # A second request changes nothing and logs nothing.
    again = agency_merge(duplicate=duplicate, into=into, actor=world["office_admin"])
    assert again.moved == [] and merge_entries(duplicate).count() == 1


def test_a_merged_agency_is_offered_nowhere_and_its_name_proposes_the_agency_it_was_merged_into(client, world):
    into = world["agency_org"]
    duplicate = AgencyFactory(name="Dinas Kesehatan Kotim", acronym="DKK", region=world["regency"])
    assert "Dinas Kesehatan Kotim – DKK (Kabupaten Kotawaringin Timur)" in picker_texts(client, q="kotim")
    agency_merge(duplicate=duplicate, into=into, actor=world["office_admin"])
    assert picker_texts(client, q="dkk") == ["Dinas Kesehatan – DKK (Kabupaten Kotawaringin Timur)"]  # the acronym
    assert duplicate not in AgencySignupForm().fields["agency"].queryset
    assert duplicate not in served_agencies(world["office"])
    assert duplicate not in listed_agencies()
    again = agency_propose(name="dinas kesehatan kotim", level="kabkota", region=world["regency"])
    assert again == into


def test_merge_refusals_say_why(world):
    admin, into = world["office_admin"], world["agency_org"]
    duplicate = AgencyFactory(name="Dinkes", region=world["regency"], verified=False)
    proposal = AgencyFactory(name="Dinas Baru", region=world["regency"], verified=False)
    with pytest.raises(ValidationError, match="cannot be merged into itself|tidak dapat digabungkan ke dirinya"):
        agency_merge(duplicate=into, into=into, actor=admin)
    with pytest.raises(ValidationError, match="Dinas Baru"):
        agency_merge(duplicate=duplicate, into=proposal, actor=admin)
    agency_merge(duplicate=proposal, into=into, actor=admin)
    with pytest.raises(ValidationError, match="Dinas Kesehatan"):  # into a merged agency: the final one is named
        agency_merge(duplicate=duplicate, into=Agency.objects.get(pk=proposal.pk), actor=admin)
    assert Agency.objects.get(pk=duplicate.pk).merged_into is None


# --- who may ---------------------------------------------------------------------------------------------


def test_another_offices_admin_is_denied_and_the_province_admin_may(client, world):
    duplicate = AgencyFactory(name="Dinkes Kotim", region=world["regency"], verified=False)
    other_admin = staff(world["other_office"], Role.OFFICE_ADMIN)
    url = reverse("office_agency_merge", kwargs={"code": "6202", "pk": duplicate.pk})
    client.force_login(other_admin)
    assert client.get(url).status_code == 403
    assert client.get(reverse("office_agencies", kwargs={"code": "6202"})).status_code == 403
    with pytest.raises(PermissionDenied):
        agency_merge(duplicate=duplicate, into=world["agency_org"], actor=other_admin)
    # An agency of another office's list is not found through this office's pages.
    other = AgencyFactory(name="Dinas Kapuas", region=world["other_regency"])
    client.force_login(world["office_admin"])
    assert client.get(reverse("office_agency_edit", kwargs={"code": "6202", "pk": other.pk})).status_code == 404
    # Across offices: the 6202 admin is refused with the reason; the province admin manages both and merges.
    with pytest.raises(ValidationError, match="BPS Kabupaten Kapuas"):
        agency_merge(duplicate=duplicate, into=other, actor=world["office_admin"])
    client.force_login(world["province_admin"])
    assert client.get(url).status_code == 200
    agency_merge(duplicate=duplicate, into=other, actor=world["province_admin"])
    assert Agency.objects.get(pk=duplicate.pk).merged_into == other
    # The merge is in the history of both offices.
    for office in (world["office"], world["other_office"]):
        assert office_changes([office.pk]).filter(pk__in=merge_entries(duplicate)).count() == 1


def test_verifiers_review_proposals_but_only_administrators_edit_and_merge(client, world):
    proposal = AgencyFactory(name="Dinas Usulan", region=world["regency"], verified=False)
    client.force_login(world["front_desk"])
    assert client.get(reverse("office_agencies", kwargs={"code": "6202"})).status_code == 200
    edit = reverse("office_agency_edit", kwargs={"code": "6202", "pk": proposal.pk})
    assert client.get(edit).status_code == 403
    client.force_login(world["reviewer"])
    assert client.get(reverse("office_agencies", kwargs={"code": "6202"})).status_code == 403
    with pytest.raises(PermissionDenied):
        agency_approve(agency=proposal, actor=world["reviewer"])


# --- proposal, approval, search ------------------------------------------------------------------------------


def test_a_proposal_is_reviewed_and_approved_and_then_offered(client, world):
    proposal = agency_propose(
        name="  Dinas Perikanan  Kabupaten Kotawaringin Timur ",
        level="kabkota",
        region=world["regency"],
        proposed_by=world["agency"],
    )
    assert (proposal.name, proposal.verified, proposal.proposed_by) == (
        "Dinas Perikanan Kabupaten Kotawaringin Timur",
        False,
        world["agency"],
    )
    assert picker_texts(client, q="perikanan") == []
    client.force_login(world["front_desk"])
    page = client.get(reverse("office_agencies", kwargs={"code": "6202"}))
    rows = page.context["page"].object_list
    assert rows[0] == proposal  # proposals first
    response = client.post(reverse("office_agency_approve", kwargs={"code": "6202", "pk": proposal.pk}))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.verified is True
    assert picker_texts(client, q="perikanan") == [
        "Dinas Perikanan Kabupaten Kotawaringin Timur (Kabupaten Kotawaringin Timur)"
    ]
    changes = office_changes([world["office"].pk]).filter(content_type__model="agency", object_id=proposal.pk)
    assert [(e.action, e.actor) for e in changes.order_by("pk")] == [
        (LogEntry.Action.CREATE, world["agency"]),
        (LogEntry.Action.UPDATE, world["front_desk"]),
    ]
    assert changes.order_by("pk").last().changes["verified"] == ["False", "True"]


def test_a_proposal_by_a_listed_acronym_is_the_listed_agency(world):
    listed = AgencyFactory(name="Badan Perencanaan Pembangunan Daerah", acronym="BAPPEDA", region=world["regency"])
    assert agency_propose(name="Bappeda", level="kabkota", region=world["regency"]) == listed
    with pytest.raises(ValidationError):
        agency_propose(name="Dinas X", level="provinsi", region=world["regency"])


def test_agencies_are_found_by_acronym_and_email_domain(client, world):
    AgencyFactory(
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kotawaringin Timur",
        acronym="DISDUKCAPIL",
        region=world["regency"],
        email_domains=["disdukcapil.kotimkab.go.id"],
    )
    label = (
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kotawaringin Timur – DISDUKCAPIL "
        "(Kabupaten Kotawaringin Timur)"
    )
    assert picker_texts(client, q="disdukcapil") == [label]
    assert picker_texts(client, q="capil kotim") == [label]  # the acronym, then the domain
    assert picker_texts(client, q="@disdukcapil.kotimkab.go.id") == [label]
    client.force_login(world["front_desk"])
    assert picker_texts(client, q="disdukcapil", office="6202") == [label]


# --- editing, and the history ----------------------------------------------------------------------------------


def test_an_edit_is_in_the_history_and_a_bad_domain_keeps_what_was_typed(client, world):
    agency = world["other_agency_org"]  # Dinas Lain
    government = AgencyFactory(name="Pemerintah Kabupaten Kotawaringin Timur", region=world["regency"])
    client.force_login(world["office_admin"])
    url = reverse("office_agency_edit", kwargs={"code": "6202", "pk": agency.pk})
    data = {
        "name": "Dinas Lingkungan Hidup",
        "acronym": "DLH",
        "level": "kabkota",
        "region": world["regency"].pk,
        "parent": government.pk,
        "email_domains": "dlh.kotimkab.go.id\nbukan domain",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "email_domains" in response.context["form"].errors
    assert 'value="Dinas Lingkungan Hidup"' in response.content.decode()
    response = client.post(url, {**data, "email_domains": "DLH.kotimkab.go.id, @kotimkab.go.id"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.acronym, agency.parent, agency.email_domains) == (
        "Dinas Lingkungan Hidup",
        "DLH",
        government,
        ["dlh.kotimkab.go.id", "kotimkab.go.id"],
    )
    entry = office_changes([world["office"].pk]).filter(content_type__model="agency", object_id=agency.pk).first()
    assert entry.actor == world["office_admin"] and entry.changes["name"] == ["Dinas Lain", "Dinas Lingkungan Hidup"]
    history = client.get(reverse("office_history", kwargs={"code": "6202"})).content.decode()
    assert "Dinas Lingkungan Hidup" in history
    # An agency cannot be part of an agency that is part of it.
    with pytest.raises(ValidationError):
        agency_update(
            agency=government,
            actor=world["office_admin"],
            name=government.name,
            acronym="",
            level="kabkota",
            region=world["regency"],
            parent=agency,
            email_domains=[],
        )


def test_the_merge_page_shows_what_will_move_then_merges(client, world):
    duplicate = AgencyFactory(name="Dinkes Kotim", region=world["regency"], verified=False)
    member = agency_user(duplicate)
    submission_for(member)
    client.force_login(world["office_admin"])
    url = reverse("office_agency_merge", kwargs={"code": "6202", "pk": duplicate.pk})
    into = world["agency_org"]
    response = client.post(url, {"into": into.pk})
    assert response.status_code == 200
    assert response.context["into"] == into
    assert dict(response.context["references"]) == {
        str(AgencyMembership._meta.verbose_name_plural): 1,
        str(Submission._meta.verbose_name_plural): 1,
    }
    assert Agency.objects.get(pk=duplicate.pk).merged_into is None  # nothing yet
    response = client.post(url, {"into": into.pk, "confirm": "True"})
    assert response.status_code == 302
    assert Agency.objects.get(pk=duplicate.pk).merged_into == into
    assert AgencyMembership.objects.get(user=member).agency == into
    # Choosing itself is refused next to the field.
    other = AgencyFactory(name="Dinas Dua", region=world["regency"])
    response = client.post(reverse("office_agency_merge", kwargs={"code": "6202", "pk": other.pk}), {"into": other.pk})
    assert response.status_code == 400 and "into" in response.context["form"].errors


# --- sign-up and seed ------------------------------------------------------------------------------------------


def test_the_signup_proposal_goes_to_the_list_for_review(world):
    form = AgencySignupForm(
        {
            "full_name": "Rina",
            "new_agency_name": "Dinas Perhubungan",
            "new_agency_level": "kabkota",
            "new_agency_region": world["regency"].pk,
        }
    )
    assert form.is_valid(), form.errors
    user = agency_user(world["agency_org"])
    AgencyMembership.objects.filter(user=user).delete()
    form.signup(request=type("R", (), {"LANGUAGE_CODE": "id"})(), user=user)
    agency = AgencyMembership.objects.get(user=user).agency
    assert (agency.name, agency.verified, agency.proposed_by) == ("Dinas Perhubungan", False, user)
    entry = office_changes([world["office"].pk]).get(content_type__model="agency", object_id=agency.pk)
    assert entry.actor == user


def test_the_demo_agency_list_loads_once(db):
    from romantik.seed_agencies import agency_list, agency_list_load
    from romantik.seeding import agencies_load, regions_load

    regions_load()
    demo_users = agencies_load()
    first = agency_list_load()
    assert first == len(agency_list()) - 3  # the three demo agencies were there already
    count = Agency.objects.count()
    assert agency_list_load() == 0 and Agency.objects.count() == count
    dinkes = Agency.objects.get(name="Dinas Kesehatan Kabupaten Kotawaringin Timur")
    assert (dinkes.acronym, dinkes.parent.name, dinkes.email_domains) == (
        "DINKES",
        "Pemerintah Kabupaten Kotawaringin Timur",
        ["dinkes.kotimkab.go.id"],
    )
    assert dinkes.parent.email_domains == ["kotimkab.go.id"]
    province = Region.objects.get(code="62")
    assert (
        Agency.objects.filter(
            region=province, level="provinsi", parent__name="Pemerintah Provinsi Kalimantan Tengah"
        ).count()
        == 12
    )
    assert Region.objects.filter(code="6202", level=RegionLevel.REGENCY).exists()
    for agency, user in demo_users:  # the demo users are still members of their agencies
        assert AgencyMembership.objects.get(user=user).agency == agency
