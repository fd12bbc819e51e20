"""An office's guides, booklets, leaflets and forms (issue 17, Banjarnegara 004): the office admin uploads PDFs
(romantik.documents), the office's public page offers them with the portal's blank forms, "FRKSS" is explained
where the office's standard uses the name, and an empty SK number reads "belum ditetapkan"."""

import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from romantik.enums import Role
from romantik.models import Office, OfficeDocument
from tests.factories import OfficeFactory, pdf_bytes, staff

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _upload(name="panduan.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes(2) if content is None else content, content_type=content_type)


@pytest.fixture
def office():
    return OfficeFactory(code="3399", name="BPS Kabupaten Contoh", sk_number="")


@pytest.fixture
def admin_client(client, office):
    client.force_login(staff(office, Role.OFFICE_ADMIN))
    return client


def _documents_url(office):
    return reverse("office_documents", kwargs={"code": office.code})


def test_office_admin_uploads_a_guide_and_the_public_page_offers_it(admin_client, office):
    response = admin_client.post(
        _documents_url(office), {"title": "Panduan Romantik Online", "kind": "panduan", "file": _upload("Panduan.pdf")}
    )
    assert response.status_code == 302
    document = OfficeDocument.objects.get(office=office)
    assert (document.title, document.kind, document.original_name, document.pages) == (
        "Panduan Romantik Online",
        "panduan",
        "Panduan.pdf",
        2,
    )
    assert document.file.name.startswith("offices/documents/") and "Panduan" not in document.file.name

    admin_client.logout()  # the page and the file are public
    html = admin_client.get(reverse("office_service", kwargs={"code": office.code}), **EN).content.decode()
    download = reverse("office_document", kwargs={"code": office.code, "pk": document.pk})
    assert '<ul class="list-unstyled" data-testid="documents-panduan">' in html
    assert f'<a href="{download}">' in html and "Panduan Romantik Online</a>" in html
    assert "2 pages" in html
    response = admin_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Panduan.pdf"'
    assert b"".join(response.streaming_content) == document.file.open("rb").read()


def test_a_document_of_another_office_is_404(client, office):
    other = OfficeFactory(code="3398")
    document = OfficeDocument.objects.create(office=other, title="x", kind="leaflet", file="offices/documents/x.pdf")
    assert client.get(reverse("office_document", kwargs={"code": office.code, "pk": document.pk})).status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: _upload("guide.pdf", b"GIF89a not a pdf"), "This file is not a PDF."),
        (lambda: _upload("guide.pdf", b"%PDF-1.4 broken"), "This file starts like a PDF but cannot be read"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_next_to_the_field(admin_client, office, upload, message):
    response = admin_client.post(
        _documents_url(office), {"title": "Leaflet", "kind": "leaflet", "file": upload()}, **EN
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert 'value="Leaflet"' in response.content.decode()  # what was typed stays
    assert not OfficeDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(admin_client, office, settings):
    settings.ATTACHMENT_MAX_MB = 1
    big = pdf_bytes() + b"%" + b"x" * (1024 * 1024)
    response = admin_client.post(
        _documents_url(office), {"title": "Booklet", "kind": "booklet", "file": _upload(content=big)}, **EN
    )
    assert response.status_code == 400
    assert "the limit is 1 MB" in " ".join(response.context["form"].errors["file"])


def test_only_the_office_admin_manages_the_documents(client, office):
    url = _documents_url(office)
    for user in (
        staff(office, Role.REVIEWER),
        staff(office, Role.FRONT_DESK),
        staff(OfficeFactory(), Role.OFFICE_ADMIN),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "x", "kind": "panduan", "file": _upload()}).status_code == 403
    assert not OfficeDocument.objects.exists()


def test_removing_a_document_takes_it_off_the_page_and_deletes_its_file(
    admin_client, office, django_capture_on_commit_callbacks
):
    admin_client.post(_documents_url(office), {"title": "Leaflet PST", "kind": "leaflet", "file": _upload()})
    document = OfficeDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("office_document_delete", kwargs={"code": office.code, "pk": document.pk}))
    assert response.status_code == 302
    assert not OfficeDocument.objects.exists()
    assert not storage.exists(name)
    html = admin_client.get(reverse("office_service", kwargs={"code": office.code})).content.decode()
    assert 'data-testid="documents-leaflet"' not in html


def test_the_office_menu_links_the_documents_for_the_admin_only(client, office):
    url = _documents_url(office)
    client.force_login(staff(office, Role.OFFICE_ADMIN))
    assert f'href="{url}"' in client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()
    client.force_login(staff(office, Role.REVIEWER))
    assert f'href="{url}"' not in client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()


def test_every_office_page_offers_the_three_blank_forms_and_an_empty_sk_number_is_not_yet_set(client, office):
    html = client.get(reverse("office_service", kwargs={"code": office.code})).content.decode()
    for kind in ("fs3", "fpkpa", "mskeg"):
        assert f'href="{reverse("submissions:blank_form", kwargs={"kind": kind})}"' in html
    assert 'data-testid="sk-number">belum ditetapkan<' in html
    assert 'data-testid="frkss-note"' not in html and "(FRKSS)" not in html
    html = client.get(reverse("office_service", kwargs={"code": office.code}), **EN).content.decode()
    assert 'data-testid="sk-number">not yet set<' in html


# --- The seed office 3304 (Banjarnegara, seed 004) -------------------------------------------------------


@pytest.fixture(scope="module")
def demo_module(module_db):
    call_command("seed_demo", quiet=True, stdout=StringIO())


@pytest.fixture
def demo(db, demo_module):
    return demo_module


def test_banjarnegara_offers_the_guide_booklet_and_leaflet_its_standard_names(client, demo):
    office = Office.objects.get(code="3304")
    html = client.get(reverse("office_service", kwargs={"code": "3304"})).content.decode()
    documents = {d.kind: d for d in office.documents.all()}
    assert sorted(documents) == ["booklet", "leaflet", "panduan"]
    for kind, document in documents.items():
        assert f'data-testid="documents-{kind}"' in html
        assert reverse("office_document", kwargs={"code": "3304", "pk": document.pk}) in html
        response = client.get(reverse("office_document", kwargs={"code": "3304", "pk": document.pk}))
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert document.title.split()[0] in text and "Banjarnegara" in text
        assert document.pages == len(reader.pages) >= 1
    booklet = documents["booklet"]
    text = " ".join(page.extract_text() for page in PdfReader(booklet.file.open("rb")).pages)
    assert "Persyaratan" in text and "FRKSS" in text and "30 hari kerja" in text  # its own standard


def test_banjarnegara_explains_frkss_as_the_ms_keg_form_and_has_no_sk_number_yet(client, demo):
    html = client.get(reverse("office_service", kwargs={"code": "3304"})).content.decode()
    assert 'data-testid="sk-number">belum ditetapkan<' in html
    assert (
        "<strong>FRKSS</strong> (Formulir Rekomendasi Kegiatan Statistik Sektoral) adalah formulir "
        "<strong>MS-Keg</strong>" in html
    )
    assert f'<a href="{reverse("submissions:blank_form", kwargs={"kind": "mskeg"})}">' in html
    assert "MS-Keg (FRKSS)</a>" in html
    other = client.get(reverse("office_service", kwargs={"code": "6202"})).content.decode()
    assert 'data-testid="frkss-note"' not in other and "MS-Keg (FRKSS)" not in other


def test_seeding_again_keeps_the_documents(demo):
    before = list(OfficeDocument.objects.order_by("pk").values_list("pk", "file"))
    call_command("seed_demo", quiet=True, stdout=StringIO())
    assert list(OfficeDocument.objects.order_by("pk").values_list("pk", "file")) == before
