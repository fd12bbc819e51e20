"""Issue 18 in the browser: the office admin uploads a letterhead logo, previews a sample letter with it (shown in
the page, nothing saved), then saves; the change is recorded."""

import io

import pytest
from auditlog.models import LogEntry
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from romantik.models import Office
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _image_xobjects(pdf: bytes) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    return sum(1 for x in resources.get("/XObject", {}).values() if x.get_object().get("/Subtype") == "/Image")


def _preview_of_the_form(page, url: str) -> bytes:
    """The preview's PDF for the page's form as it is now (its chosen file included), posted as the button does."""
    data = page.evaluate(
        """async (url) => {
            const form = document.querySelector("[data-testid=letter-settings-form]");
            const answer = await fetch(url, {method: "POST", body: new FormData(form), credentials: "same-origin"});
            if (answer.headers.get("content-type") !== "application/pdf") throw new Error(await answer.text());
            return Array.from(new Uint8Array(await answer.arrayBuffer()));
        }""",
        url,
    )
    return bytes(data)


def test_office_admin_uploads_a_logo_previews_the_letter_and_saves(browser, live_server, tmp_path):
    world = world_build()
    office, admin = world["office"], world["office_admin"]
    logo = tmp_path / "logo-bps.png"
    Image.new("RGB", (300, 300), (0, 84, 166)).save(logo, format="PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, admin.email, PASSWORD)  # with the authenticator's code
    page.goto(f"{live_server.url}/kantor/{office.code}/")
    click_and_wait(page, page.locator("[data-testid=letter-settings-nav]"))
    assert page.url == f"{live_server.url}/kantor/{office.code}/pengaturan-surat/"
    expect(page.locator("h1")).to_contain_text("Pengaturan surat")

    page.set_input_files("input[name=letter_logo]", str(logo))
    page.fill("input[name=letter_place]", "Sampit")
    preview_url = f"{live_server.url}/kantor/{office.code}/pengaturan-surat/pratinjau/"
    with page.expect_response(preview_url) as answer:
        page.locator("[data-testid=preview]").click()
    response = answer.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # The sample letter opened in the page's frame; the page itself stayed, with everything typed.
    frame = page.frame(name="letter-preview")
    for _ in range(50):
        if frame.url == preview_url:
            break
        page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / "office-letter-settings-preview.png"), full_page=True)
    assert frame is not None and frame.url == preview_url
    # Chromium hands the frame's PDF to its viewer, so its bytes are read again with the form as it stands.
    pdf = _preview_of_the_form(page, preview_url)
    assert _image_xobjects(pdf) == 1  # the logo just chosen, not saved
    assert "Sampit," in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert page.url == f"{live_server.url}/kantor/{office.code}/pengaturan-surat/"
    assert page.input_value("input[name=letter_place]") == "Sampit"
    assert page.eval_on_selector("input[name=letter_logo]", "input => input.files.length") == 1
    office.refresh_from_db()
    assert not office.letter_logo and office.letter_place == ""
    page.screenshot(path=str(ARTIFACTS / "office-letter-settings-preview.png"), full_page=True)

    click_and_wait(page, page.locator("[data-testid=save]"))
    expect(page.locator(".alert-success")).to_contain_text("Pengaturan surat disimpan")
    expect(page.locator("[data-testid=logo-set]")).to_be_visible()
    office = Office.objects.get(pk=office.pk)
    assert office.letter_logo.name.startswith("offices/logos/") and office.letter_place == "Sampit"
    entry = LogEntry.objects.filter(content_type__model="office", object_pk=str(office.pk)).order_by("-pk").first()
    assert entry.actor_id == admin.pk and entry.changes["letter_place"] == ["", "Sampit"]

    # The saved logo is in the next preview without choosing the file again.
    assert page.eval_on_selector("input[name=letter_logo]", "input => input.files.length") == 0
    assert _image_xobjects(_preview_of_the_form(page, preview_url)) == 1
    context.close()
