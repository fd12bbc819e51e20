"""The hand-over over the API: an agency lists its hand-overs and adds the link to a dataset; another agency gets
404; a link that is not http or https is refused as the web page refuses it."""

import pytest
from django.urls import reverse

from handover.enums import ItemKind
from handover.models import HandOverItem
from handover.services import handover_item_add
from tests.api.conftest import token_client
from tests.factories import pdf_bytes

from .conftest import issued_with_handover

pytestmark = pytest.mark.django_db


def test_list_and_add_a_dataset_link(shared_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = issued_with_handover(shared_world)
    handover = submission.handovers.get()
    upload = SimpleUploadedFile("publikasi.pdf", pdf_bytes(), content_type="application/pdf")
    handover_item_add(handover=handover, actor=shared_world["agency"], kind=ItemKind.PUBLICATION, file=upload)
    api = token_client(shared_world["agency"])
    listed = api.get(reverse("api:submission_handovers", args=[submission.pk]))
    assert listed.status_code == 200
    [row] = listed.json()
    assert (row["id"], row["period"], row["due_date"], row["state"]) == (handover.pk, "2027-12", "2027-12-01", "belum")
    assert row["items"][0]["kind"] == "publikasi" and row["items"][0]["url"].endswith(
        reverse("handover:item", args=[submission.pk, row["items"][0]["id"]])
    )
    url = reverse("api:submission_handover_link", args=[submission.pk, handover.pk])
    added = api.post(url, {"url": "https://satudata.example.go.id/dataset/gizi-2027"}, format="json")
    assert added.status_code == 201 and added.json()["url"] == "https://satudata.example.go.id/dataset/gizi-2027"
    refused = api.post(url, {"url": "javascript:alert(1)"}, format="json")
    assert refused.status_code == 400
    assert HandOverItem.objects.filter(kind=ItemKind.DATASET).count() == 1


def test_another_agency_gets_404(shared_world):
    submission = issued_with_handover(shared_world)
    api = token_client(shared_world["other_agency"])
    assert api.get(reverse("api:submission_handovers", args=[submission.pk])).status_code == 404
    url = reverse("api:submission_handover_link", args=[submission.pk, submission.handovers.get().pk])
    assert api.post(url, {"url": "https://x.example/"}, format="json").status_code == 404
    assert not HandOverItem.objects.exists()
