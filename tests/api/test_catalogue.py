"""The public catalogue endpoints: filters, privacy (nothing not issued, no non-public field or row, no contact),
and a fixed number of queries per page."""

import pytest
from rest_framework.test import APIClient

from romantik.models import Region
from submissions.models import Indicator, Variable
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import AgencyFactory, agency_user, fill_complete, submission_for

from .conftest import issued

pytestmark = pytest.mark.django_db
LIST = "/api/v1/katalog/"


@pytest.fixture
def anon():
    return APIClient()


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_list_shows_issued_activities_newest_first(world, anon):
    older = issued(world["user"], title="Survei Gizi Balita")
    newer = issued(world["colleague"], title="Survei Kesehatan Ibu", decision=State.NOT_FEASIBLE)

    body = anon.get(LIST).json()

    assert [r["id"] for r in body["results"]] == [newer.pk, older.pk]
    row = body["results"][1]
    assert row["title"] == "Survei Gizi Balita" and row["decision"] == "layak"
    assert row["recommendation_number"] == older.letter.number
    assert row["agency"] == {"id": world["agency"].pk, "name": "Dinas Kesehatan"}
    assert row["province"]["code"] == older.organizer_province.code
    assert row["url"] == f"http://testserver/api/v1/katalog/{older.pk}/"


def test_drafts_submissions_under_review_and_unsigned_decisions_are_never_listed(world, anon):
    submission_for(world["user"], title="Draf rahasia")
    submitted = submission_submit(
        submission=fill_complete(submission_for(world["user"], title="Diajukan")), actor=world["user"]
    )
    shown = issued(world["user"], title="Terbit")

    assert ids(anon.get(LIST)) == [shown.pk]
    text = anon.get(LIST + "?q=rahasia").content.decode() + anon.get(LIST + "?q=diajukan").content.decode()
    assert "Draf rahasia" not in text and "Diajukan" not in text
    assert anon.get(f"{LIST}{submitted.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=gizi", ["gizi"]),
        ("q=GIZI balita", ["gizi"]),
        ("q=ibu", ["ibu"]),
        ("q=kesehat", ["gizi", "ibu"]),  # a word's beginning; the agency's name counts too
        ("year=2031", ["ibu"]),
        ("province=62", ["gizi", "ibu"]),
        ("province=63", ["pangan"]),
        ("regency=6202", ["gizi"]),
        ("sector=9", ["gizi", "ibu"]),
        ("kind=fpkpa", ["pangan"]),
        ("decision=tidak_layak", ["ibu"]),
        ("agency=OTHER", ["pangan"]),
        ("year=2031&decision=layak", []),
    ],
)
def test_list_filters(world, anon, query, expected):
    south = Region.objects.get(code="63")
    other = AgencyFactory(name="Dinas Pangan", region=south)
    made = {
        "gizi": issued(world["user"], title="Survei Gizi Balita", organizer_regency=world["regency"]),
        "ibu": issued(
            world["user"], title="Survei Kesehatan Ibu", year=2031, decision=State.NOT_FEASIBLE, organizer_regency=None
        ),
        "pangan": issued(
            agency_user(other), title="Kompilasi Harga Pangan", kind="fpkpa", organizer_province=south, sector=17
        ),
    }
    query = query.replace("OTHER", str(other.pk))
    assert sorted(ids(APIClient().get(f"{LIST}?{query}"))) == sorted(made[name].pk for name in expected)


@pytest.mark.parametrize(
    "query", ["year=abc", "year=-1", "province=6", "regency=62", "sector=99", "kind=x", "decision=draf", "agency=0",
              "agency=99999999999999", "q=a%00b"],
)  # fmt: skip
def test_list_refuses_bad_filters_with_a_message_per_field(world, anon, query):
    response = anon.get(f"{LIST}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == [query.split("=")[0]]


def test_detail_shows_only_public_fields_variables_and_indicators(world, anon):
    submission = fill_complete(submission_for(world["user"], title="Survei Gizi"))
    submission.tech_name, submission.tech_email, submission.tech_phone = "Ani Rahasia", "ani@dinas.go.id", "0812999"
    submission.organizer_email, submission.organizer_phone = "kantor@dinas.go.id", "0531777"
    submission.organizer_address, submission.walidata_email = "Jl. Rahasia 9", "walidata@dinas.go.id"
    submission.save()
    Variable.objects.create(
        submission=submission, position=1, name="Gaji pribadi", definition="d", data_type="numerik", public=False
    )
    Indicator.objects.create(submission=submission, name="Indeks terbuka", definition="d")
    Indicator.objects.create(submission=submission, name="Indeks tertutup", definition="d", public=False)
    shown = _issue_existing(world, submission)

    response = anon.get(f"{LIST}{shown.pk}/")

    assert response.status_code == 200
    body = response.json()
    text = response.content.decode()
    for secret in (
        "Ani Rahasia",
        "ani@dinas.go.id",
        "0812999",
        "kantor@dinas.go.id",
        "0531777",
        "Jl. Rahasia 9",
        "walidata@dinas.go.id",
        "Gaji pribadi",
        "Indeks tertutup",
        "tech_",
        "organizer_email",
    ):
        assert secret not in text, secret  # fmt: skip
    assert [v["name"] for v in body["variables"]] == ["Variabel 1"]
    assert [i["name"] for i in body["indicators"]] == ["Indeks terbuka"]
    assert body["activity"]["title"] == "Survei Gizi" and body["activity"]["sector"] == 9
    assert body["activity"]["organizer_province"] == submission.organizer_province.code
    assert body["web_url"] == f"http://testserver/katalog/{shown.pk}/"
    assert "public" not in body["variables"][0]


def _issue_existing(world, submission):
    """`issued` for a submission already filled in."""
    from catalogue.services import catalogue_entry_refresh
    from letters.enums import LetterState
    from letters.models import Letter

    submission = submission_submit(submission=submission, actor=world["user"])
    Letter.objects.create(
        submission=submission, office=submission.office, signer_office=submission.office, state=LetterState.SIGNED,
        decision=State.FEASIBLE, subject="s", addressee="a", body_text="b", number="B-900/62020/VS.300/2026",
        year=2026, seq=900, letter_date="2026-04-01",
    )  # fmt: skip
    type(submission).objects.filter(pk=submission.pk).update(state=State.ISSUED)
    catalogue_entry_refresh(submission=submission)
    return submission


def test_detail_of_anything_not_issued_is_404(world, anon):
    draft = submission_for(world["user"])
    response = anon.get(f"{LIST}{draft.pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("size", [2, 7])
def test_list_makes_a_fixed_number_of_queries(world, anon, django_assert_num_queries, size):
    for i in range(size):
        issued(world["user"], title=f"Survei {i}", organizer_regency=world["regency"])
    # A count and one page, whatever the page holds (agency, regions and catalogue row are joined).
    with django_assert_num_queries(2):
        assert len(ids(anon.get(LIST))) == size
    with django_assert_num_queries(2):
        assert len(ids(anon.get(LIST + "?q=survei&province=62"))) == size
