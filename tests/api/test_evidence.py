"""The EPSS evidence pack over the API (api/views/evidence.py, issue 19): an agency's verified member asks for its
own agency's pack of a year (a second ask while it is being built is the same pack), lists its packs with their
progress and downloads a built one, through the same services and permission as the web page /instansi/bukti-epss/.
Anyone else's pack, one not built, and an office's pack answer 404; a member awaiting verification 403."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.selectors import KEY_PREFIX, key_hash
from handover.evidence import YEARS_AHEAD, evidence_pack_build, evidence_pack_request, pack_name
from handover.models import EvidencePack

from .conftest import token_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/bukti-epss/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def download_url(pack) -> str:
    return f"/api/v1/bukti-epss/{pack.pk}/unduh/"


def zip_bytes(name="ringkasan.pdf", content=b"%PDF-1.4 ringkasan") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def stored_pack(agency, *, year=2026, office=None, state=EvidencePack.State.DONE, done=1, total=1) -> EvidencePack:
    """A pack as the build leaves it: with a stored ZIP once done."""
    pack = EvidencePack(agency=agency, office=office, year=year, state=state, done=done, total=total)
    if state == EvidencePack.State.DONE:
        data = zip_bytes()
        pack.size = len(data)
        pack.finished_at = timezone.now()
        pack.file.save(pack_name(pack), ContentFile(data), save=False)
    pack.save()
    return pack


# --- asking ---------------------------------------------------------------------------------------------------------


def test_a_verified_member_asks_for_the_pack_of_a_year(world, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.post(URL, {"year": 2026}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    pack = EvidencePack.objects.get()
    assert body == {
        "id": pack.pk,
        "year": 2026,
        "state": "queued",
        "state_label": "Menunggu",
        "done": 0,
        "total": 0,
        "size": 0,
        "created_at": body["created_at"],
        "finished_at": None,
        "download_url": None,
    }
    # The agency's own pack (every office), asked by the token's user; its build queued after the commit.
    assert (pack.agency, pack.office, pack.requested_by) == (world["agency"], None, world["user"])
    assert len(queued) == 1


def test_asking_again_while_it_is_built_returns_the_same_pack(world, api):
    first = api.post(URL, {"year": 2026}, format="json")
    again = api.post(URL, {"year": 2026}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    # The web's ask (the same service) meets the same open pack too.
    assert evidence_pack_request(actor=world["colleague"], year=2026, dispatch=False).pk == first.json()["id"]
    assert EvidencePack.objects.count() == 1
    # Another year is another pack; once the year's pack is built, asking again makes a new one.
    assert api.post(URL, {"year": 2025}, format="json").status_code == 201
    EvidencePack.objects.filter(pk=first.json()["id"]).update(state=EvidencePack.State.DONE)
    newer = api.post(URL, {"year": 2026}, format="json")
    assert newer.status_code == 201 and newer.json()["id"] != first.json()["id"]
    assert EvidencePack.objects.count() == 3


def test_the_year_is_checked_with_the_message_on_its_field(world, api):
    last = timezone.localdate().year + YEARS_AHEAD
    cases = {
        1999: f"Pilih tahun dari 2000 sampai {last}.",
        last + 1: f"Pilih tahun dari 2000 sampai {last}.",
        "tahun lalu": "Isikan tahun.",
        "9" * 2000: "Isikan tahun.",
    }
    for year, message in cases.items():
        response = api.post(URL, {"year": year}, format="json")
        assert response.status_code == 400, year
        error = response.json()["error"]
        assert error["code"] == "invalid"
        assert error["fields"] == {"year": [message]}, year
    missing = api.post(URL, {}, format="json").json()["error"]
    assert list(missing["fields"]) == ["year"]
    english = api.post(URL, {"year": 1999}, format="json", **EN).json()["error"]
    assert english["fields"] == {"year": [f"Choose a year from 2000 to {last}."]}
    assert not EvidencePack.objects.exists()


def test_a_member_awaiting_verification_may_neither_ask_nor_list(world):
    pending = token_client(world["pending"])
    for response in (pending.post(URL, {"year": 2026}, format="json"), pending.get(URL)):
        assert response.status_code == 403
        assert response.json()["error"] == {
            "code": "permission_denied",
            "message": "Hanya anggota instansi yang terverifikasi yang dapat meminta paket buktinya.",
            "fields": {},
        }
    assert not EvidencePack.objects.exists()


def test_without_a_valid_token_nothing_is_asked_or_listed(world):
    anonymous, forged = APIClient(), APIClient()
    forged.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY_PREFIX}palsu")
    for client in (anonymous, forged):
        assert client.post(URL, {"year": 2026}, format="json").status_code == 401
        assert client.get(URL).status_code == 401
    assert not EvidencePack.objects.exists()


# --- the list -------------------------------------------------------------------------------------------------------


def test_the_list_shows_the_agencys_own_packs_with_their_progress(world, api):
    built = stored_pack(world["agency"], year=2025, done=4, total=4)
    running = stored_pack(world["agency"], year=2026, state=EvidencePack.State.RUNNING, done=2, total=5)
    failed = stored_pack(world["agency"], year=2024, state=EvidencePack.State.FAILED, done=0, total=3)
    # Not listed: another agency's pack, and an office's pack of this agency (the office's page has it).
    stored_pack(world["other_agency"], year=2025)
    stored_pack(world["agency"], year=2025, office=world["office"])
    response = api.get(URL)
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [failed.pk, running.pk, built.pk]  # newest first
    by_id = {row["id"]: row for row in rows}
    assert {k: by_id[running.pk][k] for k in ("year", "state", "state_label", "done", "total", "download_url")} == {
        "year": 2026,
        "state": "running",
        "state_label": "Sedang dibuat",
        "done": 2,
        "total": 5,
        "download_url": None,
    }
    assert (by_id[failed.pk]["state"], by_id[failed.pk]["download_url"]) == ("failed", None)
    assert by_id[built.pk]["state"] == "done" and by_id[built.pk]["size"] == built.size
    assert by_id[built.pk]["download_url"] == f"http://testserver{download_url(built)}"
    # A colleague of the same agency sees the same packs; the other agency none of them.
    assert [row["id"] for row in token_client(world["colleague"]).get(URL).json()] == [failed.pk, running.pk, built.pk]
    theirs = token_client(world["other_user"]).get(URL).json()
    assert [row["year"] for row in theirs] == [2025] and built.pk not in {row["id"] for row in theirs}


@pytest.mark.parametrize("size", [2, 9])
def test_the_list_makes_a_fixed_number_of_queries(world, api, django_assert_num_queries, size):
    for year in range(2010, 2010 + size):
        stored_pack(world["agency"], year=year, state=EvidencePack.State.DONE if year % 2 else "running")
    api.get(URL)  # the token's last use is noted once, not per request
    # the token with its user and membership; the membership's agency; the packs
    with django_assert_num_queries(3):
        response = api.get(URL)
    assert len(response.json()) == size


# --- the download ---------------------------------------------------------------------------------------------------


def test_the_owner_downloads_the_built_pack(world, api):
    """Built for real (the summary by WeasyPrint), then downloaded as the web's download gives it."""
    asked = api.post(URL, {"year": 2026}, format="json").json()
    pack = evidence_pack_build(pack_id=asked["id"])
    assert pack.state == EvidencePack.State.DONE
    listed = api.get(URL).json()[0]
    assert (listed["state"], listed["done"], listed["total"]) == ("done", 1, 1)
    response = api.get(listed["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{pack_name(pack)}"'
    data = b"".join(response.streaming_content)
    with pack.file.open("rb") as stored:
        assert data == stored.read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["ringkasan.pdf"]
    assert archive.read("ringkasan.pdf").startswith(b"%PDF")
    # A colleague of the same agency may download it as on the web.
    assert token_client(world["colleague"]).get(download_url(pack)).status_code == 200


def test_a_stored_pack_downloads_whole(world, api):
    pack = stored_pack(world["agency"])
    response = api.get(download_url(pack))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist() == ["ringkasan.pdf"]


def test_every_other_pack_and_caller_gets_404_or_401(world, api):
    own = stored_pack(world["agency"])
    theirs = stored_pack(world["other_agency"])
    office_pack = stored_pack(world["agency"], office=world["office"])
    not_built = stored_pack(world["agency"], year=2025, state=EvidencePack.State.RUNNING, done=1, total=3)
    gone = stored_pack(world["agency"], year=2024)
    gone_pk = gone.pk
    gone.delete()
    others = (download_url(theirs), download_url(office_pack), download_url(not_built), f"{URL}{gone_pk}/unduh/")
    for pack_url in others:
        response = api.get(pack_url)
        assert response.status_code == 404, pack_url
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "not_found"
    # The other agency's user and a member awaiting verification: 404 for this agency's pack.
    for user in ("other_user", "pending"):
        assert token_client(world[user]).get(download_url(own)).status_code == 404, user
    # No token, a forged one, and a token an office's staff member cannot hold (made by hand here): 401.
    staff_key = f"{KEY_PREFIX}staff-token-made-by-hand"
    ApiToken.objects.create(user=world["front_desk"], name="x", prefix=staff_key[:10], key_hash=key_hash(staff_key))
    for header in (None, f"Bearer {KEY_PREFIX}palsu", f"Bearer {staff_key}"):
        client = APIClient()
        if header:
            client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(download_url(own)).status_code == 401, header
    assert api.get(download_url(own)).status_code == 200
