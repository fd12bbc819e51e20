"""The catalogue row is written when the letter is signed (the real signing), and can be rebuilt."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from catalogue.models import CatalogueEntry
from catalogue.selectors import catalogue_search
from catalogue.services import catalogue_entry_refresh, catalogue_rebuild
from letters.issuing import letter_sign
from letters.pki import demo_certificate_issue
from submissions.models import Variable
from submissions.states import State
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting

from .conftest import make_issued


@pytest.fixture
def signing(world):
    office = world["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    demo_certificate_issue(user=world["head"], office=office, passphrase=PASSPHRASE)
    return world


def test_signing_the_letter_lists_the_activity_in_the_same_transaction(signing):
    submission = decided(signing, decision=State.NOT_FEASIBLE, title="Survei Gizi Tersertifikasi")
    assert not CatalogueEntry.objects.exists()  # decided, not yet issued
    letter = letter_sign(letter=letter_awaiting(submission), signer=signing["head"], passphrase=PASSPHRASE)
    entry = CatalogueEntry.objects.get(submission=submission)
    assert (entry.recommendation_number, entry.recommendation_date) == (letter.number, letter.letter_date)
    assert (entry.decision, entry.title, entry.agency_name) == (
        "tidak_layak",
        "Survei Gizi Tersertifikasi",
        "Dinas Kesehatan",
    )
    assert [s.pk for s in catalogue_search(text="tersertifikasi")] == [submission.pk]


def test_a_failed_signature_lists_nothing(signing):
    letter = letter_awaiting(decided(signing))
    with pytest.raises(ValidationError):
        letter_sign(letter=letter, signer=signing["head"], passphrase="salah")
    assert not CatalogueEntry.objects.exists()


def test_refresh_keeps_only_public_text_and_follows_changes(world):
    activity = make_issued(world["agency"], title="Survei Gizi")
    entry = CatalogueEntry.objects.get(submission=activity)
    assert "tinggi" not in entry.search_text and "rahasia" not in entry.search_text
    assert "umur" in entry.search_text and "dinas kesehatan" in entry.search_text
    Variable.objects.filter(submission=activity, name="Umur").update(public=False)
    catalogue_entry_refresh(submission=activity)
    assert "umur" not in CatalogueEntry.objects.get(submission=activity).search_text


def test_refresh_of_a_submission_not_issued_removes_its_row(world):
    activity = make_issued(world["agency"], title="Survei Gizi")
    activity.state = State.FEASIBLE  # as if the issue were undone: it must not stay public
    activity.save()
    assert catalogue_entry_refresh(submission=activity) is None
    assert not CatalogueEntry.objects.exists()
    assert catalogue_entry_refresh(submission=world["submission"]) is None  # submitted


def test_rebuild_adds_missing_rows_and_drops_stale_ones(world):
    listed = make_issued(world["agency"], title="Survei Gizi")
    stale = make_issued(world["agency"], title="Survei Lama")
    CatalogueEntry.objects.filter(submission=listed).delete()
    stale.state = State.NOT_FEASIBLE
    stale.save()
    assert catalogue_rebuild() == 1
    assert list(CatalogueEntry.objects.values_list("submission_id", flat=True)) == [listed.pk]


def test_rebuild_command(world, capsys):
    make_issued(world["agency"], title="Survei Gizi")
    CatalogueEntry.objects.all().delete()
    call_command("catalogue_rebuild")
    assert "1 activities in the catalogue." in capsys.readouterr().out
    assert CatalogueEntry.objects.count() == 1


def test_demo_seed_issues_three_activities_through_the_workflow(demo):
    from catalogue.seeding import demo_catalogue_load
    from submissions.seeding import demo_submissions_load

    draft_2027 = demo_submissions_load()[0]
    created = demo_catalogue_load()
    assert len(created) == 3 and all(s.state == State.ISSUED for s in created)
    assert {e.decision for e in CatalogueEntry.objects.all()} == {"layak", "tidak_layak"}
    assert all(s.letter.signed_pdf for s in created)
    assert demo_catalogue_load() == []  # idempotent
    assert CatalogueEntry.objects.count() == 3
    # The demo FS3 of Kotawaringin Timur for 2027 finds the survey recommended to Banjarnegara.
    from catalogue.selectors import similar_to_submission

    assert similar_to_submission(draft_2027)[0].title == "Survei Status Gizi Balita Kabupaten Banjarnegara 2026"
