"""MS-Var (variables) and MS-Ind (indicators): the tables' pages, their services, import and export."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from submissions.enums import Kind
from submissions.models import Indicator, Variable
from submissions.services import submission_submit
from submissions.states import State
from submissions.tables import VARIABLE_HEADERS, variable_save, variables_export, variables_import
from tests.factories import (
    fill_complete,
    pdf_bytes,
    staff,
    submission_for,
)

FIELDS = (
    "name",
    "alias",
    "concept",
    "definition",
    "selection_reference",
    "time_reference",
    "data_type",
    "classification",
    "validation_rule",
    "question_text",
    "public",
    "source",
)


@pytest.fixture
def setting(shared_world):
    return {**shared_world, "other_user": shared_world["other_agency"]}


def english_client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_(setting):
    return english_client(setting["user"])


def url(name, *args):
    return reverse(f"submissions:{name}", args=args)


def add_variables(submission, count, **fields):
    for i in range(count):
        Variable.objects.create(
            submission=submission,
            position=submission.variables.count(),
            name=f"Variabel {i + 1}",
            definition=f"Definisi {i + 1}",
            data_type="numerik",
            **fields,
        )


def add_indicators(submission, count):
    for i in range(count):
        Indicator.objects.create(
            submission=submission, position=i, name=f"Indikator {i + 1}", definition=f"Definisi {i + 1}"
        )


def names(queryset):
    return list(queryset.order_by("position").values_list("position", "name"))


def rows_of(submission):
    return [tuple(getattr(v, f) for f in FIELDS) for v in submission.variables.order_by("position")]


def variable_post(**fields):
    data = {"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik", "public": "on"}
    data.update(fields)
    return data


def csv_bytes(rows, delimiter=",", bom=False):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def import_errors(response):
    return response.context["import_form"].errors["file"]


HEADER = ["Nama variabel", "Definisi", "Tipe data", "Dapat diakses umum"]


# --- pages: add, edit, delete, reorder -------------------------------------------------------


def test_variables_page_lists_rows_in_order_with_buttons(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 3)
    response = client_.get(url("variables", submission.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.name for row in response.context["rows"]] == ["Variabel 1", "Variabel 2", "Variabel 3"]
    assert html.count('data-testid="row"') == 3
    assert html.count('data-testid="edit"') == 3
    assert html.count('data-testid="move-up"') == 3
    assert "Add a variable" in html
    assert "Import variables from a spreadsheet" in html
    assert url("variables_template", "xlsx") in html
    assert url("variables_export", submission.pk, "csv") in html


def test_variable_add_appends_at_the_end(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 2)
    response = client_.post(url("variable_add", submission.pk), variable_post(name="Umur"))
    added = submission.variables.get(name="Umur")
    assert response.status_code == 302
    assert response["Location"] == f"{url('variables', submission.pk)}#row-{added.pk}"
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 2"), (2, "Umur")]
    assert (added.definition, added.data_type, added.public, added.source) == ("Umur dalam tahun", "numerik", True, "")


def test_variable_add_and_another_returns_to_the_empty_form(setting, client_):
    submission = submission_for(setting["user"])
    response = client_.post(url("variable_add", submission.pk), {**variable_post(), "lagi": ""})
    assert response["Location"] == url("variable_add", submission.pk)
    assert submission.variables.count() == 1


def test_variable_add_invalid_keeps_input_and_shows_messages(setting, client_):
    submission = submission_for(setting["user"])
    response = client_.post(
        url("variable_add", submission.pk), variable_post(name="Umur kepala", alias="UMUR_KRT", definition="")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["form"].errors == {"definition": ["This field is required."]}
    assert 'value="Umur kepala"' in html
    assert 'value="UMUR_KRT"' in html
    assert "This field is required." in html
    assert "Nothing was saved yet: check the fields marked below." in html
    assert submission.variables.count() == 0


def test_variable_add_fpkpa_requires_source(setting, client_):
    submission = submission_for(setting["user"], kind=Kind.FPKPA)
    response = client_.post(url("variable_add", submission.pk), variable_post())
    assert response.status_code == 400
    assert response.context["form"].errors == {"source": ["This field is required."]}
    response = client_.post(url("variable_add", submission.pk), variable_post(source="Register penduduk"))
    assert response.status_code == 302
    assert submission.variables.get().source == "Register penduduk"


def test_variable_form_has_no_source_outside_fpkpa(setting, client_):
    submission = submission_for(setting["user"], kind=Kind.FS3)
    response = client_.get(url("variable_add", submission.pk))
    assert response.status_code == 200
    assert "source" not in response.context["form"].fields


def test_variable_edit_changes_the_row(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 2)
    second = submission.variables.get(position=1)
    page = client_.get(url("variable_edit", submission.pk, second.pk))
    assert page.status_code == 200
    assert 'value="Variabel 2"' in page.content.decode()
    response = client_.post(
        url("variable_edit", submission.pk, second.pk), variable_post(name="Pendidikan", data_type="karakter")
    )
    second.refresh_from_db()
    assert response.status_code == 302
    assert (second.position, second.name, second.data_type) == (1, "Pendidikan", "karakter")
    assert submission.variables.count() == 2


def test_variable_edit_of_another_submissions_row_is_404(setting, client_):
    submission = submission_for(setting["user"])
    elsewhere = submission_for(setting["user"], title="Survei Lain")
    add_variables(elsewhere, 1)
    row = elsewhere.variables.get()
    assert client_.get(url("variable_edit", submission.pk, row.pk)).status_code == 404
    assert client_.post(url("variable_edit", submission.pk, row.pk), variable_post()).status_code == 404
    assert client_.post(url("variable_delete", submission.pk, row.pk)).status_code == 404
    assert elsewhere.variables.get().name == "Variabel 1"


def test_variable_delete_asks_then_closes_the_gap(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 3)
    middle = submission.variables.get(position=1)
    page = client_.get(url("variable_delete", submission.pk, middle.pk))
    assert page.status_code == 200
    assert page.context["question"] == "Delete the variable “Variabel 2”? This cannot be undone."
    assert submission.variables.count() == 3
    response = client_.post(url("variable_delete", submission.pk, middle.pk))
    assert response.status_code == 302
    assert response["Location"] == url("variables", submission.pk)
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 3")]


def test_variable_move_swaps_with_the_neighbour(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 3)
    third = submission.variables.get(position=2)
    response = client_.post(url("variable_move", submission.pk, third.pk), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == f"{url('variables', submission.pk)}#row-{third.pk}"
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 3"), (2, "Variabel 2")]
    client_.post(url("variable_move", submission.pk, third.pk), {"direction": "up"})
    assert names(submission.variables) == [(0, "Variabel 3"), (1, "Variabel 1"), (2, "Variabel 2")]
    client_.post(url("variable_move", submission.pk, third.pk), {"direction": "down"})
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 3"), (2, "Variabel 2")]


def test_variable_move_past_the_ends_changes_nothing(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 2)
    first, last = submission.variables.order_by("position")
    client_.post(url("variable_move", submission.pk, first.pk), {"direction": "up"})
    client_.post(url("variable_move", submission.pk, last.pk), {"direction": "down"})
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 2")]


def test_variable_move_needs_a_direction_and_post(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 2)
    first = submission.variables.get(position=0)
    assert client_.post(url("variable_move", submission.pk, first.pk), {"direction": "sideways"}).status_code == 400
    assert client_.get(url("variable_move", submission.pk, first.pk)).status_code == 405
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 2")]


def test_variable_move_renumbers_positions_with_gaps(setting):
    from submissions.tables import variable_move

    submission = submission_for(setting["user"])
    for position, name in ((3, "A"), (7, "B"), (9, "C")):
        Variable.objects.create(
            submission=submission, position=position, name=name, definition="x", data_type="numerik"
        )
    variable_move(variable=submission.variables.get(name="C"), direction="up", actor=setting["user"])
    assert names(submission.variables) == [(0, "A"), (1, "C"), (2, "B")]


def test_indicator_add_edit_move_delete(setting, client_):
    submission = submission_for(setting["user"])
    add_indicators(submission, 1)
    data = {"name": "Tingkat pengangguran terbuka", "definition": "Persentase pengangguran", "unit": "persen"}
    assert client_.post(url("indicator_add", submission.pk), {**data, "public": "on"}).status_code == 302
    added = submission.indicators.get(name="Tingkat pengangguran terbuka")
    assert (added.position, added.unit, added.public, added.composite) == (1, "persen", True, False)

    response = client_.post(url("indicator_edit", submission.pk, added.pk), {**data, "unit": "%"})
    added.refresh_from_db()
    assert response.status_code == 302
    assert (added.unit, added.public) == ("%", False)

    client_.post(url("indicator_move", submission.pk, added.pk), {"direction": "up"})
    assert names(submission.indicators) == [(0, "Tingkat pengangguran terbuka"), (1, "Indikator 1")]

    page = client_.get(url("indicators", submission.pk))
    assert page.status_code == 200
    assert [row.name for row in page.context["rows"]] == ["Tingkat pengangguran terbuka", "Indikator 1"]
    assert "Add an indicator" in page.content.decode()

    confirm = client_.get(url("indicator_delete", submission.pk, added.pk))
    assert confirm.context["question"] == "Delete the indicator “Tingkat pengangguran terbuka”? This cannot be undone."
    client_.post(url("indicator_delete", submission.pk, added.pk))
    assert names(submission.indicators) == [(0, "Indikator 1")]


def test_indicator_composite_without_components_keeps_input(setting, client_):
    submission = submission_for(setting["user"])
    response = client_.post(
        url("indicator_add", submission.pk), {"name": "IPM", "definition": "Indeks", "composite": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "building_indicators": ["A composite indicator lists the indicators it combines."]
    }
    assert 'value="IPM"' in response.content.decode()
    assert submission.indicators.count() == 0


# --- import --------------------------------------------------------------------------------------


def test_variables_import_csv_with_commas_and_bom(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 1)
    content = csv_bytes(
        [
            VARIABLE_HEADERS,
            [
                "Umur",
                "UMUR",
                "Lama hidup",
                "Umur, dalam tahun",
                "",
                "",
                "numerik",
                "",
                "0–120",
                "Berapa umur?",
                "Ya",
                "",
            ],
            ["Jenis kelamin", "JK", "", "Laki-laki; perempuan", "", "", "Karakter", "", "", "", "Tidak", "x"],
        ],
        bom=True,
    )
    response = client_.post(url("variables_import", submission.pk), {"file": upload("variabel.csv", content)})
    assert response.status_code == 302
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Umur"), (2, "Jenis kelamin")]
    umur, jk = submission.variables.order_by("position")[1:]
    assert (umur.alias, umur.definition, umur.validation_rule, umur.public) == (
        "UMUR",
        "Umur, dalam tahun",
        "0–120",
        True,
    )
    assert (jk.definition, jk.data_type, jk.public, jk.source) == ("Laki-laki; perempuan", "karakter", False, "")
    page = client_.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == ["2 variables imported, after the ones already listed."]


def test_variables_import_csv_with_semicolons_without_bom(setting, client_):
    submission = submission_for(setting["user"])
    content = csv_bytes(
        [
            HEADER,
            ["Pendapatan", "Pendapatan sebulan, dalam rupiah", "Number", "yes"],
            ["Tanggal lahir", "Tgl", "DATE", "0"],
        ],
        delimiter=";",
    )
    response = client_.post(url("variables_import", submission.pk), {"file": upload("variabel.csv", content)})
    assert response.status_code == 302
    assert list(submission.variables.values_list("position", "name", "definition", "data_type", "public")) == [
        (0, "Pendapatan", "Pendapatan sebulan, dalam rupiah", "numerik", True),
        (1, "Tanggal lahir", "Tgl", "tanggal", False),
    ]


def test_variables_import_xlsx(setting, client_):
    submission = submission_for(setting["user"], kind=Kind.FPKPA)
    content = xlsx_bytes(
        [
            ["Nama variabel", "Alias", "Definisi", "Tipe data", "Dapat diakses umum", "Sumber"],
            ["Jumlah siswa", 2024, "Siswa terdaftar", "numerik", True, "Dapodik"],
            [None, None, None, None, None, None],
            ["Status sekolah", "STATUS", "Negeri atau swasta", "teks", "Tidak", "Dapodik"],
        ]
    )
    response = client_.post(url("variables_import", submission.pk), {"file": upload("variabel.xlsx", content)})
    assert response.status_code == 302
    assert list(submission.variables.values_list("position", "name", "alias", "data_type", "public", "source")) == [
        (0, "Jumlah siswa", "2024", "numerik", True, "Dapodik"),
        (1, "Status sekolah", "STATUS", "karakter", False, "Dapodik"),
    ]


def test_variables_import_with_a_bad_row_imports_nothing_and_names_the_row(setting, client_):
    submission = submission_for(setting["user"])
    add_variables(submission, 1)
    content = csv_bytes(
        [
            HEADER,
            ["Umur", "Umur dalam tahun", "numerik", "Ya"],
            ["Pendidikan", "Ijazah", "karakter", "Ya"],
            ["Pekerjaan", "", "karakter", "Ya"],
        ]
    )
    response = client_.post(url("variables_import", submission.pk), {"file": upload("variabel.csv", content)})
    html = response.content.decode()
    assert response.status_code == 400
    assert import_errors(response) == ["Row 4: Definisi: This field is required."]
    assert "Row 4: Definisi: This field is required." in html
    assert "Nothing was imported: the file has problems, listed below the file field." in html
    assert names(submission.variables) == [(0, "Variabel 1")]


def test_variables_import_explains_unreadable_values(setting, client_):
    submission = submission_for(setting["user"])
    content = xlsx_bytes(
        [HEADER, ["Umur", "Umur dalam tahun", "angka-angka", "mungkin"], ["", "Tanpa nama", "numerik", ""]]
    )
    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.xlsx", content)})
    assert response.status_code == 400
    assert import_errors(response) == [
        "Row 2: Tipe data: “angka-angka” is not a data type: write one of karakter, numerik, tanggal, boolean.",
        "Row 2: Dapat diakses umum: “mungkin” is not Ya or Tidak.",
        "Row 3: Nama variabel: This field is required.",
    ]
    assert submission.variables.count() == 0


def test_variables_import_xlsx_with_formulas_asks_to_paste_values_cell_by_cell(setting, client_):
    """Issue 17: a formula cell is refused with a message naming its row and column, not imported as whatever
    value Excel last computed (or as an empty cell when nothing computed it)."""
    submission = submission_for(setting["user"])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["Umur", "Umur dalam tahun", "numerik", "Ya"])
    sheet.append(["Umur bulan", '=B2&" dikali 12"', "numerik", '=IF(1,"Ya","Tidak")'])
    sheet.append(["Catatan", "x", "karakter", "Ya"])
    sheet["B4"].value, sheet["B4"].data_type = "=teks biasa", "s"  # text that only looks like a formula
    out = io.BytesIO()
    workbook.save(out)

    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.xlsx", out.getvalue())})

    assert response.status_code == 400
    message = "formulas are not supported. Copy the cells and paste them as values (Paste Special → Values), then "
    assert import_errors(response) == [
        f"Row 3, column B (Definisi): {message}upload the file again.",
        f"Row 3, column D (Dapat diakses umum): {message}upload the file again.",
    ]
    assert submission.variables.count() == 0


def test_variables_import_without_required_columns_is_rejected(setting, client_):
    submission = submission_for(setting["user"], kind=Kind.FPKPA)
    content = csv_bytes([["Nama variabel", "Alias", "Catatan"], ["Umur", "UMUR", "x"]])
    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.csv", content)})
    assert response.status_code == 400
    assert import_errors(response) == [
        "Required columns are missing: Definisi, Tipe data, Sumber. Use the column headers of the template.",
        "Unknown columns: Catatan. Use the column headers of the template.",
    ]
    assert submission.variables.count() == 0


def test_variables_import_rejects_other_files(setting, client_):
    submission = submission_for(setting["user"])
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    latin = "Nama variabel;Definisi;Tipe data\nUmur;Usia é;numerik\n".encode("latin-1")
    cases = [
        ("surat.pdf", pdf_bytes(), "Choose a CSV or XLSX file."),
        ("lama.xls", xls, "Old Excel files (.xls) cannot be read: save the file as XLSX or CSV."),
        ("rusak.xlsx", b"not a zip file", "The file could not be read as an XLSX workbook."),
        ("latin.csv", latin, "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”, or upload it as XLSX."),
        (
            "kosong.csv",
            "\ufeffNama variabel,Definisi,Tipe data\r\n".encode(),
            "The file has no variables below the header row.",
        ),
    ]
    for name, content, message in cases:
        response = client_.post(url("variables_import", submission.pk), {"file": upload(name, content)})
        assert response.status_code == 400, name
        assert import_errors(response) == [message], name
    assert submission.variables.count() == 0


def test_variables_import_limits_size_and_rows(setting, client_):
    submission = submission_for(setting["user"])
    too_many = csv_bytes([HEADER, *([f"V{i}", "D", "numerik", "Ya"] for i in range(2001))])
    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.csv", too_many)})
    assert import_errors(response) == ["The file has more than 2000 rows. Split it into several files."]
    too_big = csv_bytes([HEADER, ["Umur", "x" * (2 * 1024 * 1024), "numerik", "Ya"]])
    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.csv", too_big)})
    assert import_errors(response) == ["The file is larger than 2 MB. Split it into several files."]
    just_enough = csv_bytes([HEADER, *([f"V{i}", "D", "numerik", "Ya"] for i in range(2000))])
    response = client_.post(url("variables_import", submission.pk), {"file": upload("v.csv", just_enough)})
    assert response.status_code == 302
    assert submission.variables.count() == 2000
    assert list(submission.variables.values_list("position", flat=True)) == list(range(2000))


def test_variables_import_accepts_data_type_codes_and_labels(setting):
    submission = submission_for(setting["user"])
    rows = [["karakter", "Ya"], ["NUMERIK", "yes"], ["Date", "1"], ["yes/no", "TIDAK"], ["Text", "no"], ["angka", ""]]
    content = csv_bytes([HEADER, *([f"V{i}", "D", data_type, public] for i, (data_type, public) in enumerate(rows))])
    assert variables_import(submission=submission, actor=setting["user"], file=upload("v.csv", content)) == 6
    assert list(submission.variables.values_list("data_type", "public")) == [
        ("karakter", True),
        ("numerik", True),
        ("tanggal", True),
        ("boolean", False),
        ("karakter", False),
        ("numerik", True),
    ]


# --- export and template ----------------------------------------------------------------------


def test_variables_export_csv_has_bom_headers_and_rows_in_order(setting, client_):
    submission = submission_for(setting["user"], title="Survei Kesehatan Daerah 2027")
    add_variables(submission, 2)
    submission.variables.filter(position=1).update(public=False)
    response = client_.get(url("variables_export", submission.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="survei-kesehatan-daerah-2027-variabel.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        VARIABLE_HEADERS,
        ["Variabel 1", "", "", "Definisi 1", "", "", "numerik", "", "", "", "Ya", "", ""],
        ["Variabel 2", "", "", "Definisi 2", "", "", "numerik", "", "", "", "Tidak", "", ""],
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_variables_export_then_import_gives_the_same_rows(setting, client_, fmt):
    source = submission_for(setting["user"], kind=Kind.FPKPA, title="Kompilasi Data Sekolah")
    tricky = {
        "alias": "NILAI",
        "concept": "Baris satu\nBaris dua, dengan koma; dan titik koma",
        "selection_reference": 'Sekolah "negeri"',
        "time_reference": "Tahun ajaran 2026/2027",
        "classification": "KBLI 2020",
        "validation_rule": "-5 s.d. 5",
        "question_text": "=SUM(A1:A2)",
        "source": "Dapodik – Kemendikdasmen",
    }
    add_variables(source, 3, **tricky)
    source.variables.filter(position=1).update(public=False, data_type="tanggal", alias="")
    response = client_.get(url("variables_export", source.pk, fmt))
    assert response.status_code == 200
    target = submission_for(setting["user"], kind=Kind.FPKPA, title="Salinan")
    response = client_.post(
        url("variables_import", target.pk),
        {"file": upload(response["Content-Disposition"].split('"')[1], response.content)},
    )
    assert response.status_code == 302
    assert rows_of(target) == rows_of(source)
    assert list(target.variables.values_list("position", flat=True)) == [0, 1, 2]


def test_variables_export_xlsx_keeps_formula_like_text_as_text(setting, client_):
    submission = submission_for(setting["user"], title="Survei Uji")
    add_variables(submission, 1, question_text='=HYPERLINK("http://example.com")')
    response = client_.get(url("variables_export", submission.pk, "xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="survei-uji-variabel.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["MS-Var"]
    assert [c.value for c in sheet[1]] == VARIABLE_HEADERS
    assert (sheet["J2"].value, sheet["J2"].data_type) == ('=HYPERLINK("http://example.com")', "s")


def test_variables_template_is_public_and_imports_its_example(setting, client_):
    anonymous = english_client()
    response = anonymous.get(url("variables_template", "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-ms-var.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == VARIABLE_HEADERS
    assert len(rows) == 2
    xlsx = anonymous.get(url("variables_template", "xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["MS-Var", "Instructions"]
    assert workbook["Instructions"]["A2"].value == "Nama variabel"
    assert anonymous.get(url("variables_template", "pdf")).status_code == 404

    submission = submission_for(setting["user"])
    response = client_.post(url("variables_import", submission.pk), {"file": upload("templat.xlsx", xlsx.content)})
    assert response.status_code == 302
    assert list(submission.variables.values_list("name", "data_type", "public")) == [
        ("Umur kepala rumah tangga", "numerik", True)
    ]


def test_variables_export_unknown_format_is_404(setting, client_):
    submission = submission_for(setting["user"])
    assert client_.get(url("variables_export", submission.pk, "pdf")).status_code == 404


# --- who may do what -------------------------------------------------------------------------


def test_other_agency_user_gets_404_everywhere_and_nothing_changes(setting):
    submission = submission_for(setting["user"], kind=Kind.FPKPA)
    add_variables(submission, 2, source="Register")
    add_indicators(submission, 2)
    variable = submission.variables.get(position=1)
    indicator = submission.indicators.get(position=1)
    before = (rows_of(submission), names(submission.indicators))
    client = english_client(setting["other_user"])
    pk = submission.pk
    gets = [
        url("variables", pk),
        url("variable_add", pk),
        url("variable_edit", pk, variable.pk),
        url("variable_delete", pk, variable.pk),
        url("variables_export", pk, "csv"),
        url("variables_export", pk, "xlsx"),
        url("indicators", pk),
        url("indicator_add", pk),
        url("indicator_edit", pk, indicator.pk),
        url("indicator_delete", pk, indicator.pk),
    ]
    posts = [
        (url("variable_add", pk), variable_post(source="x")),
        (url("variable_edit", pk, variable.pk), variable_post(source="x")),
        (url("variable_delete", pk, variable.pk), {}),
        (url("variable_move", pk, variable.pk), {"direction": "up"}),
        (url("variables_import", pk), {"file": upload("v.csv", csv_bytes([HEADER, ["A", "B", "numerik", "Ya"]]))}),
        (url("indicator_add", pk), {"name": "I", "definition": "D"}),
        (url("indicator_edit", pk, indicator.pk), {"name": "I", "definition": "D"}),
        (url("indicator_delete", pk, indicator.pk), {}),
        (url("indicator_move", pk, indicator.pk), {"direction": "up"}),
    ]
    assert [(u, client.get(u).status_code) for u in gets] == [(u, 404) for u in gets]
    assert [(u, client.post(u, data).status_code) for u, data in posts] == [(u, 404) for u, _ in posts]
    assert (rows_of(submission), names(submission.indicators)) == before


def test_services_refuse_another_agencys_user(setting):
    submission = submission_for(setting["user"])
    other = setting["other_user"]
    with pytest.raises(PermissionDenied):
        variable_save(submission=submission, actor=other, data=variable_post())
    with pytest.raises(PermissionDenied):
        variables_import(
            submission=submission, actor=other, file=upload("v.csv", csv_bytes([HEADER, ["A", "B", "numerik", "Ya"]]))
        )
    with pytest.raises(PermissionDenied):
        variables_export(submission=submission, actor=other, fmt="csv")
    assert submission.variables.count() == 0


def test_submitted_submission_is_read_only(setting):
    submission = fill_complete(submission_for(setting["user"]), variables=2)
    submission = submission_submit(submission=submission, actor=setting["user"])
    assert submission.state == State.SUBMITTED
    variable = submission.variables.get(position=0)
    reviewer = staff(setting["office"])
    for user in (setting["user"], reviewer):
        client = english_client(user)
        response = client.get(url("variables", submission.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('data-testid="row"') == 2
        for absent in ('data-testid="add-row"', 'data-testid="edit"', 'data-testid="move-up"', 'id="import-heading"'):
            assert absent not in html
        assert "This submission cannot be changed in its current state." in html
        assert client.get(url("variables_export", submission.pk, "csv")).status_code == 200
        assert client.post(url("variable_add", submission.pk), variable_post()).status_code == 403
        assert client.post(url("variable_delete", submission.pk, variable.pk)).status_code == 403
        assert client.post(url("variable_move", submission.pk, variable.pk), {"direction": "down"}).status_code == 403
        assert 'data-testid="add-row"' not in client.get(url("indicators", submission.pk)).content.decode()
    assert names(submission.variables) == [(0, "Variabel 1"), (1, "Variabel 2")]


def test_variables_page_queries_do_not_grow_with_rows(setting, client_):
    def count_queries(rows):
        submission = submission_for(setting["user"], title=f"Survei {rows}")
        add_variables(submission, rows)
        with CaptureQueriesContext(connection) as queries:
            assert client_.get(url("variables", submission.pk)).status_code == 200
        return len(queries)

    assert count_queries(1) == count_queries(20)


def test_indicators_page_queries_do_not_grow_with_rows(setting, client_):
    def count_queries(rows):
        submission = submission_for(setting["user"], title=f"Survei {rows}")
        add_indicators(submission, rows)
        with CaptureQueriesContext(connection) as queries:
            assert client_.get(url("indicators", submission.pk)).status_code == 200
        return len(queries)

    assert count_queries(1) == count_queries(20)


def test_import_messages_are_english_under_override(setting):
    submission = submission_for(setting["user"])
    content = csv_bytes([HEADER, ["Umur", "", "numerik", "Ya"]])
    with override("en"), pytest.raises(ValidationError) as caught:
        variables_import(submission=submission, actor=setting["user"], file=upload("v.csv", content))
    assert caught.value.messages == ["Row 2: Definisi: This field is required."]
