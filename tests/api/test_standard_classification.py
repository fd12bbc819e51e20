"""The API's variables carry their standard classification (issue 22): written and checked as on the web."""

from classifications.services import classifications_load
from tests.factories import submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_variable_added_through_the_api_keeps_a_known_classification_and_is_refused_an_unknown_one(world, api):
    classifications_load()  # the migration's rows, unless a transactional test flushed them
    submission = submission_for(world["user"])
    url = f"/api/v1/pengajuan/{submission.pk}/variabel/"
    row = {"name": "Lapangan usaha", "definition": "Lapangan usaha utama", "data_type": "karakter"}
    created = api.post(url, {**row, "standard_classification": "kbli2020"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["standard_classification"] == "kbli2020"
    refused = api.post(url, {**row, "standard_classification": "kbli2009"}, format="json", **EN)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {
        "standard_classification": ["“kbli2009” is not one of the standard classifications shipped with the portal."]
    }
    assert list(submission.variables.values_list("standard_classification", flat=True)) == ["kbli2020"]
