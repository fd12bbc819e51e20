"""The interface speaks Indonesian by default and English on request, and every
English source string has its Indonesian translation in locale/id/LC_MESSAGES/django.po.

When test_catalog_translates_every_string fails, regenerate and translate the catalog:

    .venv/bin/python manage.py makemessages -l id --ignore=.venv --ignore=node_modules \
        --ignore=var --ignore=tests --no-obsolete
    # fill in the empty msgstr and remove the "#, fuzzy" flags in locale/id/LC_MESSAGES/django.po
    .venv/bin/python manage.py compilemessages -l id --ignore=.venv --ignore=node_modules
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import skip_or_fail
from tests.factories import OfficeFactory

REPO = Path(settings.BASE_DIR)
PO_RELPATH = Path("locale/id/LC_MESSAGES/django.po")
# The same folders `manage.py makemessages --ignore=...` leaves out.
IGNORED_DIRS = {".venv", "node_modules", "var", "tests", "locale", "staticfiles", "__pycache__"}
# makemessages' default extensions for the "django" domain.
SOURCE_EXTENSIONS = {".py", ".html", ".txt"}


@pytest.fixture
def gettext_tools():
    for program in ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt"):
        if not shutil.which(program):
            skip_or_fail(f"GNU gettext's {program} is not installed (apt-get install gettext)")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list) and flags.

    Obsolete (#~) entries are left out; the header is the entry whose msgid is ''.
    """
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                keyword, value = line.split(" ", 1)
                value = ast.literal_eval(value)
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                if match:
                    field = int(match.group(1) or 0)
                    entry["msgstr"][field] = value
                else:
                    field = keyword
                    entry[field] = value
        else:
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def describe(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] is not None else ""
    return context + repr(entry["msgid"])


def test_catalog_translates_every_string(gettext_tools, settings, tmp_path, monkeypatch):
    # makemessages writes next to the sources it scans, so it runs on a copy: the
    # repository's locale/ stays as it is.
    sources = tmp_path / "src"

    def ignore(folder, names):
        top = Path(folder) == REPO
        return {
            name
            for name in names
            if name.startswith(".")
            or (top and name in IGNORED_DIRS)
            or name == "__pycache__"
            or ((Path(folder) / name).is_file() and Path(name).suffix not in SOURCE_EXTENSIONS)
        }

    shutil.copytree(REPO, sources, ignore=ignore)
    (sources / PO_RELPATH).parent.mkdir(parents=True)
    shutil.copy2(REPO / PO_RELPATH, sources / PO_RELPATH)

    monkeypatch.chdir(sources)
    settings.LOCALE_PATHS = [str(sources / "locale")]
    call_command(
        "makemessages",
        locale=["id"],
        ignore_patterns=[".venv", "node_modules", "var", "tests"],
        no_obsolete=True,
        verbosity=0,
    )

    entries = read_po(sources / PO_RELPATH)
    header = next(entry for entry in entries if entry["msgid"] == "" and entry["msgctxt"] is None)
    assert "Language: id\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]

    messages = [entry for entry in entries if entry is not header]
    assert len(messages) > 100, "makemessages found too few strings: did it scan the copy of the sources?"
    untranslated = [describe(entry) for entry in messages if not all(entry["msgstr"])]
    fuzzy = [describe(entry) for entry in messages if "fuzzy" in entry["flags"]]
    assert untranslated == [], (
        f"{len(untranslated)} string(s) have no Indonesian translation in {PO_RELPATH} "
        "(see this module's docstring for the commands):\n" + "\n".join(untranslated)
    )
    assert fuzzy == [], (
        f"{len(fuzzy)} translation(s) in {PO_RELPATH} are guesses marked fuzzy by msgmerge; "
        "check them and remove the flag:\n" + "\n".join(fuzzy)
    )

    # The committed catalog is well-formed: placeholders that match their msgid, a
    # valid header, and nothing untranslated or fuzzy (not even an obsolete string).
    checked = subprocess.run(
        ["msgfmt", "--statistics", "-c", "-o", "/dev/null", str(REPO / PO_RELPATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, f"msgfmt -c rejects {PO_RELPATH}:\n{checked.stderr}"
    assert re.fullmatch(r"\d+ translated messages\.\n", checked.stderr), (
        f"msgfmt --statistics on {PO_RELPATH}: {checked.stderr}"
    )


@pytest.fixture
def compiled_catalog(gettext_tools, settings):
    """The .mo is a build artefact (`make messages`); build it if it is missing or
    older than the .po, and make Django reload its translations."""
    po = REPO / PO_RELPATH
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
    # Changing LOCALE_PATHS empties Django's cache of loaded catalogs.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


@pytest.fixture
def office(db):
    return OfficeFactory(code="6201", name="BPS Kabupaten Kotawaringin Barat", service_time_amount=10)


def test_pages_speak_indonesian_by_default(compiled_catalog, office, client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Rekomendasi Kegiatan Statistik" in html
    assert "Daftarkan akun instansi Anda" in html
    assert "Kantor BPS dan waktu penyelesaiannya" in html
    assert "<td>10 hari kerja</td>" in html
    assert "Recommendations for statistical activities" not in html
    assert "BPS offices and their service time" not in html


def test_pages_switch_to_english(compiled_catalog, office, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Recommendations for statistical activities" in html
    assert "BPS offices and their service time" in html
    assert "<td>10 working days</td>" in html
    assert "Rekomendasi Kegiatan Statistik" not in html
    assert "Kantor BPS dan waktu penyelesaiannya" not in html
