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

Rendering at once
-----------------
`html_pdfs_at_once(htmls, render)`: several documents at once, one process each (the parts of a long lampiran:
letters.rendering.lampiran_pdf). The first is rendered in this process; each other one in a child forked from it
(it needs no import, no set-up, no database: it renders, writes the PDF to a pipe and ends with os._exit). A child
that fails, or has not answered long after this process finished its own part, is ended and its part rendered
here: the same PDF, later (and the same error, when the document itself is at fault).

What the letter may load
------------------------
`static:<path>`: a file the staticfiles finders find (the fonts); `media:offices/logos/<name>`: an office's
letterhead logo from the default storage. Nothing else: no network, no other file. A font that cannot be found
stops the render (FatalURLFetchingError): a letter in another font would lay out differently.
"""

import logging
import os
import select
import signal
import time

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

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


# How long a child may take after this process rendered its own part: this many times as long, at least this long.
CHILD_PATIENCE_FACTOR, CHILD_PATIENCE_MIN_SECONDS = 3, 60


class _Child:
    """A forked child rendering one document into a pipe."""

    def __init__(self, render, html: str):
        self.pid, self.done = None, False
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: never returns into the caller's code, never runs its clean-up
            status = 1
            try:
                os.close(read)
                pdf = render(html)
                with os.fdopen(write, "wb") as out:
                    out.write(pdf)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent renders this part itself
                pass
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.fd = pid, read

    def result(self, deadline: float) -> bytes | None:
        """The PDF, or None if the child failed or did not answer by `deadline` (time.monotonic)."""
        if self.pid is None:
            return None
        chunks, poller = [], select.poll()  # poll, not select: a worker may hold more than 1,024 descriptors
        poller.register(self.fd, select.POLLIN)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                return None
            data = os.read(self.fd, 1 << 20)
            if not data:
                break
            chunks.append(data)
        pdf = b"".join(chunks)
        try:
            _pid, status = os.waitpid(self.pid, 0)
            ok = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:  # reaped by someone else's SIGCHLD handler: judge by what it wrote
            ok = True
        self.done = True
        return pdf if ok and pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") else None

    def end(self) -> None:
        if self.pid is None:
            return
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.done = True
        os.close(self.fd)
        self.pid = None


def html_pdfs_at_once(htmls: list[str], render=None) -> list[bytes]:
    """Each of `htmls` as PDF (`render`, html_pdf by default), rendered at once: the first in this process, each other
    one in a child process (os.fork where there is one); a part whose child fails is rendered here."""
    render = render or html_pdf
    children, count = [_Child(render, html) if hasattr(os, "fork") else None for html in htmls[1:]], len(htmls)
    try:
        started = time.monotonic()
        pdfs = [render(htmls[0])]
        patience = max(CHILD_PATIENCE_MIN_SECONDS, CHILD_PATIENCE_FACTOR * (time.monotonic() - started))
        deadline = time.monotonic() + patience
        for number, (html, child) in enumerate(zip(htmls[1:], children, strict=True), start=2):
            pdf = child.result(deadline) if child else None
            if pdf is None:
                if child and child.pid is not None:
                    logger.warning("Part %s of %s failed or took too long in its process: rendered here", number, count)
                pdf = render(html)
            pdfs.append(pdf)
        return pdfs
    finally:
        for child in children:
            if child:
                child.end()
