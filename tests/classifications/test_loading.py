"""The standard classifications shipped as data: the files' checks (each kind of bad file names its line), the
load (all or none, with the region codes), and what a fresh database holds after its migrations."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override

from classifications.loading import DATA_DIR, ClassificationFileError, classification_file_read
from classifications.models import Classification, ClassificationItem
from classifications.selectors import classification_choices, classification_code, classification_names
from classifications.services import REGIONS_CODE, classifications_load

HEAD = """# code: contoh
# name: Contoh 1
# version: 1
# source: Uji
# detail: dua tingkat
# level 1: Kategori | [A-Z]
# level 2: Golongan | [A-Z][0-9] | prefix
level,code,parent,title
"""


@pytest.fixture(autouse=True)
def english():
    with override("en"):  # the messages' English source; test_i18n checks their Indonesian
        yield


def read(body: str, head: str = HEAD):
    return classification_file_read(Path("contoh.csv"), text=head + body)


def refused(body: str, head: str = HEAD) -> str:
    with pytest.raises(ClassificationFileError) as error:
        read(body, head)
    return str(error.value)


def test_a_good_file_is_read_with_its_counts_per_level():
    found = read("1,A,,Satu\n2,A1,A,Satu satu\n\n2,A2,A,Satu dua\n1,B,,Dua\n")
    assert found.code == "contoh"
    assert found.counts() == {1: 2, 2: 2}
    assert found.report() == "contoh (Contoh 1): Kategori 2, Golongan 2"
    assert [(r.line, r.code, r.parent) for r in found.rows][:2] == [(9, "A", ""), (10, "A1", "A")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,A,,Satu\n1,A,,Lagi\n", "contoh.csv, line 10: the code “A” is already used on line 9."),
        ("1,A,,Satu\n2,B1,B,Tanpa induk\n", "contoh.csv, line 10: the parent “B” of “B1” is not in the file."),
        (
            "1,a,,Huruf kecil\n",
            "contoh.csv, line 9: the code “a” does not have the format of the level Kategori ([A-Z]).",
        ),
        ("1,A,,Satu\n2,A123,A,Terlalu panjang\n", "contoh.csv, line 10: the code “A123” does not have the format"),
        ("1,A,,Satu\n3,A1,A,Tingkat 3\n", "contoh.csv, line 10: “3” is not a declared level."),
        ("1,A,,Satu\n1,B,A,Induk di tingkat 1\n", "contoh.csv, line 10: an item of level 1 has no parent."),
        ("1,A,,Satu\n2,A1,,Tanpa induk\n", "contoh.csv, line 10: the item “A1” needs a parent of the level above."),
        (
            "1,A,,Satu\n2,A1,A,Satu\n2,A2,A1,Induk setingkat\n",
            "line 11: the parent “A1” of “A2” is not of the level above.",
        ),
        (
            "1,A,,Satu\n1,B,,Dua\n2,B1,A,Awalan lain\n",
            "line 11: the code “B1” does not start with its parent's code “A”.",
        ),
        ("1,A,,\n", "contoh.csv, line 9: the item “A” has no title."),
        ("1,A,Satu\n", "contoh.csv, line 9: a row has 4 cells (level, code, parent, title), not 3."),
        ("", "contoh.csv, line 8: the file has no items below the header row."),
    ],
)
def test_each_kind_of_bad_row_is_refused_naming_its_line(body, message):
    assert message in refused(body)


def test_a_bad_header_is_refused():
    assert "line 3: the line “# source: …” is missing" in refused(
        "1,A,,Satu\n", head="# code: x1\n# name: X\nlevel,code\n"
    )
    assert "the header row must be “level,code,parent,title”" in refused(
        "1,A,,Satu\n", head=HEAD.replace("level,code,parent,title", "tingkat,kode,induk,judul")
    )
    assert "line 7: the code format “[0-9” is not valid" in refused("", head=HEAD.replace("[A-Z][0-9]", "[0-9"))
    assert "line 1: unknown key “kode”." in refused("", head="# kode: x\n" + HEAD)
    assert "the code “Contoh Satu” must be 2-40 lowercase letters or digits." in refused(
        "1,A,,Satu\n", head=HEAD.replace("# code: contoh", "# code: Contoh Satu")
    )


def test_the_shipped_files_are_good_and_say_their_source_and_detail():
    counts = {found.code: found.counts() for found in map(classification_file_read, sorted(DATA_DIR.glob("*.csv")))}
    # KBLI 2020 to its kelompok, KBJI 2014 to its subgolongan (classifications/data/README.md: the sources, the
    # cross-checks, and why kelompok is 1,791); KBJI's counts are those its book states, declared in its header
    assert counts == {
        "kbji2014": {1: 10, 2: 43, 3: 130, 4: 446},
        "kbli2020": {1: 21, 2: 88, 3: 245, 4: 567, 5: 1791},
    }
    assert [level.count for level in classification_file_read(DATA_DIR / "kbji2014.csv").levels.values()] == [
        10,
        43,
        130,
        446,
    ]
    for path in DATA_DIR.glob("*.csv"):
        found = classification_file_read(path)
        assert found.meta["source"] and found.meta["detail"]
    assert (
        "Peraturan Badan Pusat Statistik Nomor 2 Tahun 2020"
        in classification_file_read(DATA_DIR / "kbli2020.csv").meta["source"]
    )


def test_every_kbli_level_hangs_from_the_one_above_and_every_level_but_the_last_has_children():
    found = classification_file_read(DATA_DIR / "kbli2020.csv")
    by_code = {row.code: row for row in found.rows}
    parents = {row.parent for row in found.rows}
    for row in found.rows:
        assert len(row.code) == (1 if row.level == 1 else row.level)
        if row.level > 1:
            assert by_code[row.parent].level == row.level - 1
        if row.level > 2:
            assert row.code.startswith(row.parent)
        assert (row.code in parents) == (row.level < 5), row.code
    # a few titles checked against the sources by hand, one per level
    titles = {code: by_code[code].title for code in ("J", "62", "620", "6201", "62019", "842", "99000")}
    assert titles == {
        "J": "INFORMASI DAN KOMUNIKASI",
        "62": "AKTIVITAS PEMROGRAMAN, KONSULTASI KOMPUTER DAN KEGIATAN YBDI",
        "620": "AKTIVITAS PEMROGRAMAN, KONSULTASI KOMPUTER DAN KEGIATAN YBDI",
        "6201": "AKTIVITAS PEMROGRAMAN KOMPUTER",
        "62019": "AKTIVITAS PEMROGRAMAN KOMPUTER LAINNYA",
        "842": (
            "PENYEDIAAN LAYANAN UNTUK MASYARAKAT DALAM BIDANG HUBUNGAN LUAR NEGERI, PERTAHANAN, KEAMANAN DAN KETERTIBAN"
        ),
        "99000": "AKTIVITAS BADAN INTERNASIONAL DAN BADAN EKSTRA INTERNASIONAL LAINNYA",
    }


def test_every_kbji_level_hangs_from_the_one_above_with_the_titles_of_the_book():
    found = classification_file_read(DATA_DIR / "kbji2014.csv")
    by_code = {row.code: row for row in found.rows}
    parents = {row.parent for row in found.rows}
    for row in found.rows:
        assert len(row.code) == row.level
        assert row.parent == row.code[:-1]
        assert (row.code in parents) == (row.level < 4), row.code
    # titles as the book has them (its contents pages and each item's heading), one or two per level, among them
    # sub golongan pokok the previous file had wrong and the book's own examples (Tabel 2 and 3)
    titles = {code: by_code[code].title for code in ("0", "11", "62", "531", "833", "2212", "5120", "5312")}
    assert titles == {
        "0": "Tentara Nasional Indonesia (TNI) dan Kepolisian Negara Republik Indonesia (POLRI)",
        "11": "Pimpinan Eksekutif, Pejabat Tinggi Pemerintah dan Pejabat Pembuat Peraturan Perundang-undangan",
        "62": "Pekerja Terampil Kehutanan, Perikanan dan Perburuan Berorientasi Pasar",
        "531": "Pekerja Perawatan Anak dan Guru Pendamping",
        "833": "Pengemudi Truk Berat dan Bus",
        "2212": "Praktisi Dokter Spesialis",
        "5120": "Juru Masak",
        "5312": "Guru Pendamping",
    }


def test_a_declared_count_is_checked_naming_the_line_that_declares_it():
    head = HEAD.replace("# level 2: Golongan | [A-Z][0-9] | prefix", "# level 2: Golongan | [A-Z][0-9] | prefix | 2")
    assert read("1,A,,Satu\n2,A1,A,Satu satu\n2,A2,A,Satu dua\n", head=head).levels[2].count == 2
    assert "contoh.csv, line 7: the level Golongan is declared with 2 items, the file has 1." in refused(
        "1,A,,Satu\n2,A1,A,Satu satu\n", head=head
    )
    # the count may come before "prefix"; anything else after the code format is refused
    level = read(
        "1,A,,Satu\n2,A1,A,Satu satu\n2,A2,A,Satu dua\n", head=HEAD.replace("| prefix", "| 2 | prefix")
    ).levels[2]
    assert (level.count, level.prefix) == (2, True)
    for bad in ("| prefix | x", "| 2 | 3", "| prefix | prefix", "| prefix |"):
        message = refused("1,A,,Satu\n", head=HEAD.replace("| prefix", bad))
        assert "line 7: after the code format, a level takes only “prefix” and its number of items" in message


def test_a_value_longer_than_its_column_is_refused_naming_its_line():
    assert "line 9: the value of “title” is longer than 300 characters." in refused("1,A,," + "x" * 301 + "\n")
    assert "line 4: the value of “source” is longer than 300 characters." in refused(
        "1,A,,Satu\n", head=HEAD.replace("# source: Uji", "# source: " + "u" * 301)
    )


@pytest.fixture
def shipped(db):
    """The migration's rows, unless a transactional test flushed them."""
    classifications_load()


def test_the_loaded_database_has_the_shipped_classifications_and_the_region_codes(shipped):
    names = classification_names()
    assert names == {"kbji2014": "KBJI 2014", "kbli2020": "KBLI 2020", REGIONS_CODE: "Kode wilayah BPS"}
    assert ClassificationItem.objects.filter(classification__code="kbli2020", level=2).count() == 88
    assert ClassificationItem.objects.filter(classification__code="kbli2020", level=5).count() == 1791
    assert ClassificationItem.objects.get(classification__code="kbli2020", code="62").parent.code == "J"
    kelompok = ClassificationItem.objects.select_related("parent__parent__parent__parent").get(
        classification__code="kbli2020", code="62019"
    )
    assert [kelompok.parent.code, kelompok.parent.parent.code, kelompok.parent.parent.parent.code] == [
        "6201",
        "620",
        "62",
    ]
    assert kelompok.parent.parent.parent.parent.code == "J"
    assert not ClassificationItem.objects.filter(classification__code="kbli2020", level__gt=1, parent=None).exists()
    assert not ClassificationItem.objects.filter(classification__code=REGIONS_CODE).exists()  # the regions, not copied
    assert Classification.objects.get(code=REGIONS_CODE).regions
    kbji = ClassificationItem.objects.filter(classification__code="kbji2014")
    assert [kbji.filter(level=level).count() for level in (1, 2, 3, 4)] == [10, 43, 130, 446]
    subgolongan = ClassificationItem.objects.select_related("parent__parent__parent").get(
        classification__code="kbji2014", code="5312"
    )
    assert [subgolongan.parent.code, subgolongan.parent.parent.code, subgolongan.parent.parent.parent.code] == [
        "531",
        "53",
        "5",
    ]
    # what the variable form and the import offer: the classifications, never their 3,300 items
    assert [code for code, _name in classification_choices()] == ["kbji2014", "kbli2020", REGIONS_CODE]


def test_the_names_people_type_find_the_code(shipped):
    assert classification_code("KBLI 2020") == classification_code(" kbli2020 ") == "kbli2020"
    assert classification_code("kbli  2020") == "kbli2020"
    assert classification_code("") == ""
    assert classification_code("KBLI 2009") is None


@pytest.mark.django_db
def test_a_bad_file_loads_nothing_and_the_command_names_its_line(tmp_path):
    (tmp_path / "a.csv").write_text(HEAD + "1,A,,Satu\n2,A1,A,Satu satu\n", encoding="utf-8")
    assert classifications_load(directory=tmp_path) == ["contoh (Contoh 1): Kategori 1, Golongan 1"]
    assert ClassificationItem.objects.filter(classification__code="contoh").count() == 2
    (tmp_path / "b.csv").write_text(HEAD.replace("contoh", "lain") + "1,A,,Satu\n2,B1,B,Yatim\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text(HEAD + "1,A,,Satu\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"b\.csv, line 10: the parent “B” of “B1” is not in the file\."):
        call_command("classifications_load", directory=str(tmp_path))
    assert not Classification.objects.filter(code="lain").exists()
    assert ClassificationItem.objects.filter(classification__code="contoh").count() == 2  # a.csv not written again


def test_the_command_checks_one_file(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(HEAD + "1,A,,Satu\n", encoding="utf-8")
    call_command("classifications_load", check=str(path))
    assert "contoh (Contoh 1): Kategori 1, Golongan 0" in capsys.readouterr().out


def _migration_0004():
    return importlib.import_module("classifications.migrations.0004_reload_kbji_four_levels")


def test_migration_0004_writes_nothing_on_a_database_that_has_the_file_and_reloads_one_migrated_before(shipped):
    migration = _migration_0004()
    kbji = Classification.objects.get(code="kbji2014")
    first = ClassificationItem.objects.get(classification=kbji, code="5312").pk
    migration.load(django_apps, None)  # a fresh database: 0003 loaded today's file
    assert ClassificationItem.objects.get(classification=kbji, code="5312").pk == first
    # a database migrated before: two levels with the old titles
    ClassificationItem.objects.filter(classification=kbji, level__gt=2).delete()
    ClassificationItem.objects.filter(classification=kbji, code="14").update(
        title="Manajer Perhotelan, Ritel dan Jasa Lainnya"
    )
    migration.load(django_apps, None)
    assert ClassificationItem.objects.get(classification=kbji, code="14").title == (
        "Manajer Jasa Perhotelan, Perdagangan dan Jasa Lainnya"
    )
    assert ClassificationItem.objects.filter(classification=kbji, level=4).count() == 446
    # the header changed alone (source, detail) is loaded too
    Classification.objects.filter(code="kbji2014").update(detail="Golongan pokok dan sub golongan pokok saja")
    migration.load(django_apps, None)
    assert Classification.objects.get(code="kbji2014").detail.startswith("Golongan pokok (1 digit), subgolongan")
