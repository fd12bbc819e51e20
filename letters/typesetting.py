"""WeasyPrint for the letter: its own font, and a fetcher that loads only that font and the office's logo.

The font
--------
The letter is set in Arimo (metric-compatible with Arial and Liberation Sans), from the npm package
@fontsource/arimo (package.json, installed by `npm ci` in the Makefile and the Dockerfile) and found through the
staticfiles finders (settings.STATICFILES_DIRS: "vendor/arimo"). The template's own `@font-face` rules
(FONT_FACES) load it, under family names no system font has, and the letter names only those families: the
same letter lays out identically on a bare machine, in CI and in the Docker image, whatever fonts the machine
has (tests/letters/test_render_fonts.py renders with no system font at all). The WOFF files, not WOFF2:
WeasyPrint decodes WOFF2 in Python, ten times slower (0.5 s a render for the eight faces).

The latin subset carries the text (Indonesian, and the latin-1 letters of names); the latin-ext subset, under a
family of its own (two files with one family name get mixed up in the PDF), the rarer letters of names (ł, ő, …).

What the letter may load
------------------------
`static:<path>`: a file the staticfiles finders find (the fonts); `media:offices/logos/<name>`: an office's
letterhead logo from the default storage. Nothing else: no network, no other file. A font that cannot be found
stops the render (FatalURLFetchingError): a letter in another font would lay out differently.
"""

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

FONT_FAMILY = "Romantik Arimo"
FONT_FAMILY_EXT = "Romantik Arimo Latin Ext"
FONT_STACK = f'"{FONT_FAMILY}", "{FONT_FAMILY_EXT}"'
FONT_STATIC_DIR = "vendor/arimo"
LOGO_DIR = "offices/logos/"

FONT_FACES = tuple(
    {
        "family": family,
        "weight": weight,
        "style": style,
        "src": f"static:{FONT_STATIC_DIR}/arimo-{subset}-{weight}-{style}.woff",
    }
    for subset, family in (("latin", FONT_FAMILY), ("latin-ext", FONT_FAMILY_EXT))
    for weight in (400, 700)
    for style in ("normal", "italic")
)


def font_faces_css() -> str:
    """The `@font-face` rules of the letter's font, for its <style>."""
    return "\n".join(
        f'@font-face {{ font-family: "{f["family"]}"; font-weight: {f["weight"]}; font-style: {f["style"]}; '
        f'src: url("{f["src"]}") format("woff"); }}'
        for f in FONT_FACES
    )


def logo_src(office) -> str:
    """The letterhead logo's address for the template ("" without a logo)."""
    name = office.letter_logo.name if office.letter_logo else ""
    return f"media:{name}" if name.startswith(LOGO_DIR) else ""


def _fetcher():
    # Imported here: WeasyPrint is slow to import.
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("static:"):
                path = finders.find(url.removeprefix("static:"))
                if not path:
                    raise FatalURLFetchingError(f"{url}: not found; run `npm ci` (package.json) to install the font")
                with open(path, "rb") as fh:
                    return URLFetcherResponse(url, fh.read(), {"Content-Type": "font/woff"})
            if url.startswith(f"media:{LOGO_DIR}") and ".." not in url:
                with default_storage.open(url.removeprefix("media:"), "rb") as fh:
                    return URLFetcherResponse(url, fh.read())
            raise ValueError(f"the letter loads nothing from {url}")

    return LetterFetcher()


def html_document(html: str):
    """The laid-out document (WeasyPrint's Document: its pages, anchors and boxes)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetcher()).render()


def html_pdf(html: str) -> bytes:
    return html_document(html).write_pdf()
