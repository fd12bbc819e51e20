"""A variable's standard classification (issue 22): one of the shipped classifications, chosen on the form,
checked on save and on import (a clear message on the row, nothing imported), shown where variables are shown."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from classifications.services import classifications_load
from submissions.answers import variable_rows
from submissions.models import Variable
from submissions.tables import VARIABLE_HEADERS, variables_export
from tests.factories import submission_for


@pytest.fixture
def setting(shared_world):
    classifications_load()  # the migration's rows, unless a transactional test flushed them
    return shared_world


@pytest.fixture
def client_(setting):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(setting["user"])
    return client


def csv_upload(rows):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return SimpleUploadedFile("variabel.csv", out.getvalue().encode())


HEADER = ["Nama variabel", "Definisi", "Tipe data", "Klasifikasi baku"]


def test_the_form_offers_the_shipped_classifications_and_saves_one(setting, client_):
    submission = submission_for(setting["user"])
    url = reverse("submissions:variable_add", args=[submission.pk])
    page = client_.get(url).content.decode()
    assert '<option value="kbli2020">KBLI 2020</option>' in page
    assert '<option value="kbji2014">KBJI 2014</option>' in page
    assert '<option value="wilayah">Kode wilayah BPS</option>' in page
    data = {"name": "Lapangan usaha", "definition": "Lapangan usaha utama", "data_type": "karakter", "public": "on"}
    assert client_.post(url, {**data, "standard_classification": "kbli2020"}).status_code == 302
    assert submission.variables.get().standard_classification == "kbli2020"


def test_an_unknown_classification_is_refused_next_to_the_field_keeping_what_was_typed(setting):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(setting["user"])
    submission = submission_for(setting["user"])
    url = reverse("submissions:variable_add", args=[submission.pk])
    data = {"name": "Lapangan usaha", "definition": "Definisi yang diketik", "data_type": "karakter"}
    response = client.post(url, {**data, "standard_classification": "kbli2009"})
    assert response.status_code == 400
    assert response.context["form"].errors["standard_classification"] == [
        "“kbli2009” bukan salah satu klasifikasi baku yang tersedia di portal."
    ]
    assert "Definisi yang diketik" in response.content.decode()
    assert not submission.variables.exists()


def test_import_reads_the_classification_by_name_or_code(setting, client_):
    submission = submission_for(setting["user"])
    rows = [HEADER, ["Umur", "Umur dalam tahun", "numerik", ""], ["Usaha", "Lapangan usaha", "karakter", "KBLI 2020"]]
    rows.append(["Jabatan", "Jabatan utama", "karakter", "kbji2014"])
    response = client_.post(reverse("submissions:variables_import", args=[submission.pk]), {"file": csv_upload(rows)})
    assert response.status_code == 302
    assert list(submission.variables.values_list("standard_classification", flat=True)) == ["", "kbli2020", "kbji2014"]


def test_import_of_an_unknown_classification_names_the_row_and_imports_nothing(setting, client_):
    submission = submission_for(setting["user"])
    rows = [HEADER, ["Umur", "Umur dalam tahun", "numerik", ""], ["Usaha", "Lapangan usaha", "karakter", "KBLI 2009"]]
    response = client_.post(reverse("submissions:variables_import", args=[submission.pk]), {"file": csv_upload(rows)})
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"] == [
        "Row 3: Klasifikasi baku: “KBLI 2009” is not a standard classification shipped with the portal: write one of "
        "KBJI 2014, KBLI 2020, Kode wilayah BPS, or leave the cell empty."
    ]
    assert not submission.variables.exists()


def test_export_writes_the_name_and_the_review_and_lampiran_rows_show_it(setting):
    submission = submission_for(setting["user"])
    Variable.objects.create(
        submission=submission,
        name="Usaha",
        definition="Lapangan usaha",
        data_type="karakter",
        standard_classification="kbli2020",
    )
    assert "Klasifikasi baku" in VARIABLE_HEADERS
    content = variables_export(submission=submission, actor=setting["user"], fmt="csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(content)))
    assert row[header.index("Klasifikasi baku")] == "KBLI 2020"
    with override("en"):
        ((name, details),) = variable_rows(submission)
    assert ("Standard classification", "KBLI 2020") in [(str(label), value) for label, value in details]


def test_the_variables_page_shows_it_by_name(setting, client_):
    submission = submission_for(setting["user"])
    Variable.objects.create(
        submission=submission,
        name="Usaha",
        definition="Lapangan usaha",
        data_type="karakter",
        standard_classification="kbji2014",
    )
    page = client_.get(reverse("submissions:variables", args=[submission.pk])).content.decode()
    assert '<dt>Standard classification</dt><dd class="mb-1">KBJI 2014</dd>' in page


def test_the_api_gives_the_code(setting):
    from api.serializers import VariableSerializer

    variable = Variable(name="Usaha", definition="x", data_type="karakter", standard_classification="kbli2020")
    assert VariableSerializer(variable).data["standard_classification"] == "kbli2020"


def test_the_round_diff_names_the_classification(setting):
    from submissions.snapshots import snapshot_diff

    row = {"id": 1, "name": "Usaha", "definition": "Lapangan usaha", "data_type": "karakter", "public": True}
    before = {"fields": {}, "variables": [{**row, "standard_classification": ""}]}
    after = {"fields": {}, "variables": [{**row, "standard_classification": "kbli2020"}]}
    with override("en"):
        (change,) = snapshot_diff(before, after)
    assert (change.before, change.after) == ("Standard classification: —", "Standard classification: KBLI 2020")
