"""A bare machine for the letter tests: Fontconfig reads an empty configuration, so WeasyPrint finds no system
font at all and only the letter's own @font-face fonts (npm: @fontsource/arimo) exist.

    from tests.letters.fontless import no_system_fonts  # noqa: F401 - the fixture
    pytestmark = pytest.mark.usefixtures("no_system_fonts")

WeasyPrint reads the Fontconfig configuration (FONTCONFIG_FILE) for each document it renders, and a worker the
test starts inherits the environment."""

import io

import pytest

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def system_font_count() -> int:
    """The fonts Fontconfig's configuration gives now (what WeasyPrint would find besides the @font-face ones)."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
    return 0 if fonts == ffi.NULL else fonts.nfont


@pytest.fixture
def no_system_fonts(tmp_path_factory, monkeypatch):
    import weasyprint  # noqa: F401 - imported with the fonts, it does not warn that it found none

    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=folder / "cache"))
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert system_font_count() == 0
    yield


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts embedded in `pdf`, without the subset prefix ("ABCDEF+")."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
