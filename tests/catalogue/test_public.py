"""One activity's public summary, MS-Keg JSON, DDI XML and the CSV: public metadata only, never anything else."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from romantik.models import Region
from submissions.models import Attachment
from submissions.states import State
from tests.factories import submission_for

from .conftest import EN, SECRETS, make_issued

NS = {"d": "ddi:codebook:2_5"}


@pytest.fixture
def activity(world):
    return make_issued(
        world["agency"],
        title="Survei Status Gizi Balita",
        objective="Memperoleh prevalensi stunting per kecamatan",
        variables=(("Tinggi badan", "Tinggi badan anak dalam cm"), ("Umur balita", "Umur dalam bulan")),
        indicators=(("Prevalensi stunting", "Persentase balita pendek"),),
    )


def urls(pk):
    return [
        reverse("catalogue:detail", args=[pk]),
        reverse("catalogue:mskeg_json", args=[pk]),
        reverse("catalogue:ddi_xml", args=[pk]),
    ]


def assert_no_secrets(text: str):
    for secret in SECRETS:
        assert secret not in text


def test_summary_shows_public_metadata_grouped_like_the_form(client, activity):
    response = client.get(reverse("catalogue:detail", args=[activity.pk]), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    letter = activity.letter
    assert f"{letter.number} of 2 March 2026" in page
    assert "Survei Status Gizi Balita" in page and "Memperoleh prevalensi stunting" in page
    assert [s.key for s in response.context["sections"]] == ["header", "1", "2", "3", "4", "5", "6", "7", "8"]
    fields = {a.field for s in response.context["sections"] for a in s.answers}
    assert {"organizer_name", "objective", "coverage", "sample_method"} <= fields
    assert not fields & {"organizer_email", "organizer_phone", "organizer_address", "tech_name", "tech_email"}
    assert 'data-testid="public-variable"' in page and "Tinggi badan" in page and "Prevalensi stunting" in page
    assert reverse("catalogue:mskeg_json", args=[activity.pk]) in page
    assert reverse("catalogue:ddi_xml", args=[activity.pk]) in page


def test_nothing_private_appears_in_html_json_or_xml(client, activity):
    Attachment.objects.create(
        submission=activity, kind="lainnya", file="x.pdf", original_name="Lampiran Rahasia.pdf", size=1
    )
    for url in urls(activity.pk):
        text = client.get(url, **EN).content.decode()
        assert_no_secrets(text)
        assert "Lampiran Rahasia" not in text
        assert "ani@example.go.id" not in text and "0812" not in text  # fill defaults of the factory


@pytest.mark.parametrize("case", ["draft", "other_agency_draft", "submitted", "decided", "unknown"])
def test_non_public_activities_are_404_everywhere(client, world, case):
    if case == "draft":
        pk = submission_for(world["agency"], title="Draf").pk
    elif case == "other_agency_draft":
        pk = submission_for(world["other_agency"], title="Draf Dinas Lain").pk
    elif case == "submitted":
        pk = world["submission"].pk
    elif case == "decided":
        s = submission_for(world["agency"], title="Diputuskan")
        s.state = State.FEASIBLE
        s.save()
        pk = s.pk
    else:
        pk = 987654
    for url in urls(pk):
        assert client.get(url, **EN).status_code == 404


def test_summary_of_an_issued_activity_without_a_row_is_404_until_rebuilt(client, activity):
    from catalogue.models import CatalogueEntry
    from catalogue.services import catalogue_rebuild

    CatalogueEntry.objects.all().delete()
    assert client.get(urls(activity.pk)[0], **EN).status_code == 404
    assert catalogue_rebuild() == 1
    assert client.get(urls(activity.pk)[0], **EN).status_code == 200


def test_mskeg_json_has_the_documented_shape(client, activity):
    response = client.get(reverse("catalogue:mskeg_json", args=[activity.pk]), **EN)
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    letter = activity.letter
    assert data["schema"] == "romantik-mskeg-1"
    assert (data["id"], data["number"], data["form"], data["year"]) == (activity.pk, activity.number, "fs3", 2026)
    assert data["url"].endswith(reverse("catalogue:detail", args=[activity.pk]))
    assert data["recommendation"] == {
        "number": letter.number,
        "date": "2026-03-02",
        "decision": "layak",
        "decision_label": "Feasible",
    }
    assert data["agency"] == {"name": "Dinas Kesehatan", "level": "kabkota"}
    questions = {q["field"]: q for s in data["sections"] for q in s["questions"]}
    assert questions["coverage"]["question"] == "4.4" and questions["coverage"]["value"] == 2
    assert questions["title"]["question"] is None
    assert questions["organizer_province"]["value"] == {"code": "62", "name": "Kalimantan Tengah"}
    assert questions["coverage_regions"]["value"] == [{"code": "6202", "name": "Kabupaten Kotawaringin Timur"}]
    assert questions["collection_start"]["value"] == "2027-03-05"
    assert questions["sample_fraction"]["value"] == 0.05
    assert questions["collection_means"]["value"] == [2] and questions["collection_means"]["text"] == "2 CAPI"
    assert "organizer_email" not in questions and "tech_email" not in questions
    assert [v["name"] for v in data["variables"]] == ["Tinggi badan", "Umur balita"]
    assert set(data["variables"][0]) == {
        "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
        "classification", "standard_classification", "validation_rule", "question_text", "source",
    }  # fmt: skip
    assert [i["name"] for i in data["indicators"]] == ["Prevalensi stunting"]


def test_ddi_codebook_is_well_formed_with_title_agency_coverage_period_and_variables(client, activity):
    response = client.get(reverse("catalogue:ddi_xml", args=[activity.pk]), **EN)
    assert response["Content-Type"] == "application/xml"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(response.content)
    assert root.tag == "{ddi:codebook:2_5}codeBook" and root.get("version") == "2.5"
    assert [child.tag.split("}")[1] for child in root] == ["docDscr", "stdyDscr", "dataDscr"]
    study = root.find("d:stdyDscr", NS)
    assert study.findtext("d:citation/d:titlStmt/d:titl", namespaces=NS) == "Survei Status Gizi Balita"
    assert study.findtext("d:citation/d:titlStmt/d:IDNo[@agency='BPS']", namespaces=NS) == activity.letter.number
    assert study.findtext("d:citation/d:rspStmt/d:AuthEnty", namespaces=NS) == "Dinas Kesehatan"
    summary = study.find("d:stdyInfo/d:sumDscr", NS)
    periods = {e.get("event"): e.get("date") for e in summary.findall("d:timePrd", NS)}
    assert periods == {"start": "2027-01-04", "end": "2027-07-23"}  # planning start to evaluation end
    collection = {e.get("event"): e.get("date") for e in summary.findall("d:collDate", NS)}
    assert collection == {"start": "2027-03-05", "end": "2027-03-25"}
    assert summary.findtext("d:nation", namespaces=NS) == "Indonesia"
    assert [e.text for e in summary.findall("d:geogCover", NS)] == ["Kabupaten Kotawaringin Timur"]
    assert [e.text for e in summary.findall("d:anlyUnit", NS)] == ["Household"]
    assert study.findtext("d:stdyInfo/d:abstract", namespaces=NS) == "Memperoleh prevalensi stunting per kecamatan"
    variables = root.findall("d:dataDscr/d:var", NS)
    assert [v.findtext("d:labl", namespaces=NS) for v in variables] == ["Tinggi badan", "Umur balita"]
    assert variables[0].findtext("d:txt", namespaces=NS) == "Tinggi badan anak dalam cm"
    assert variables[0].find("d:varFormat", NS).get("type") == "numeric"


def test_ddi_coverage_names_national_or_each_region(client, world):
    national = make_issued(world["agency"], title="Survei Nasional", secrets=False)
    national.coverage = 1
    national.save()
    regions = [Region.objects.get(code="6202"), Region.objects.get(code="6203")]
    partial = make_issued(world["agency"], title="Survei Dua Kabupaten", secrets=False, coverage_regions=regions)

    def covers(pk):
        root = ET.fromstring(client.get(reverse("catalogue:ddi_xml", args=[pk]), **EN).content)
        return [e.text for e in root.findall("d:stdyDscr/d:stdyInfo/d:sumDscr/d:geogCover", NS)]

    assert covers(national.pk) == ["All of Indonesia"]
    assert covers(partial.pk) == ["Kabupaten Kotawaringin Timur", "Kabupaten Kapuas"]


def read_csv(response) -> list[list[str]]:
    # As a spreadsheet program opens it: UTF-8 after the byte order mark.
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_has_a_header_and_one_row_per_activity_of_the_search(client, activity, world):
    other = make_issued(world["bjm"], title="Survei Internet", secrets=False)
    response = client.get(reverse("catalogue:csv"), **EN)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:7] == [
        "id",
        "url",
        "recommendation_number",
        "recommendation_date",
        "decision",
        "decision_label",
        "title",
    ]
    assert sorted(int(r[0]) for r in rows[1:]) == sorted([other.pk, activity.pk])
    row = dict(zip(rows[0], next(r for r in rows[1:] if int(r[0]) == activity.pk), strict=True))
    assert row["recommendation_number"] == activity.letter.number and row["recommendation_date"] == "2026-03-02"
    assert (row["decision"], row["decision_label"], row["agency"]) == ("layak", "Feasible", "Dinas Kesehatan")
    assert (row["province"], row["regency"], row["sector"]) == (
        "Kalimantan Tengah",
        "Kabupaten Kotawaringin Timur",
        "9",
    )
    filtered = read_csv(client.get(reverse("catalogue:csv"), {"q": "internet"}, **EN))
    assert [int(r[0]) for r in filtered[1:]] == [other.pk]


def test_csv_neutralises_formulas_and_holds_no_secrets(client, world):
    make_issued(world["agency"], title='=HYPERLINK("http://x")', objective="@SUM(A1)")
    body = b"".join(client.get(reverse("catalogue:csv"), **EN).streaming_content).decode()
    assert_no_secrets(body)
    rows = read_csv(client.get(reverse("catalogue:csv"), **EN))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://x")' and row["objective"] == "'@SUM(A1)"


def test_the_search_page_holds_no_secrets(client, activity):
    for params in ({}, {"q": "gizi"}):
        assert_no_secrets(client.get(reverse("catalogue:list"), params, **EN).content.decode())


@pytest.mark.parametrize("variables", [1, 12])
def test_summary_queries_do_not_grow_with_variables(client, world, django_assert_num_queries, variables):
    rows = tuple((f"Variabel {n}", "Definisi") for n in range(variables))
    activity = make_issued(world["agency"], title="Survei Gizi", variables=rows, indicators=rows)
    url = reverse("catalogue:detail", args=[activity.pk])
    # the activity with its row and agency; coverage regions; public variables; public indicators; its hand-overs
    with django_assert_num_queries(5):
        response = client.get(url, **EN)
    assert len(response.context["variables"]) == variables
    with django_assert_num_queries(5):
        client.get(reverse("catalogue:mskeg_json", args=[activity.pk]), **EN)


def test_csv_starts_with_a_byte_order_mark_so_excel_keeps_indonesian_characters(client, world):
    make_issued(world["agency"], title="Survei Kualitas Air – Sungai Mentaya (Ş, é)", secrets=False)
    raw = b"".join(client.get(reverse("catalogue:csv"), **EN).streaming_content)
    assert raw.startswith(b"\xef\xbb\xbfid,url,") and raw.count(b"\xef\xbb\xbf") == 1
    assert "Survei Kualitas Air – Sungai Mentaya (Ş, é)" in raw.decode("utf-8-sig")
