"""An office's letter settings (issue 18), set by its office admin on /kantor/<code>/pengaturan-surat/
(letters.views.settings): the letterhead (logo, address, contacts), the place in the date line, the number
(code, classification, pattern), who signs and in whose name, and the tembusan of new letters.

* `letter_number_pattern_check`: the placeholders letters.numbering fills, and nothing else (a pattern is
  formatted with str.format: an attribute or index in it would reach into Python objects);
* `office_letter_settings_save`: the one write, by someone with romantik.manage_office; every change is kept with
  who, when, before and after (django-auditlog: Office and OfficeLetterDefaults are registered, romantik/audit.py);
* `sample_letter_pdf`: a sample letter laid out with the settings as typed, before they are saved (a logo just
  chosen included): a fictitious agency and activity, marked CONTOH on every page, never numbered, never stored.
  One page of fixed text and the bounded fields of the form: rendered in the request (about half a second),
  reading the database only, holding no lock.
"""

import datetime
import string
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from romantik.enums import OfficeLevel
from romantik.models import Office

from .models import Letter, OfficeLetterDefaults
from .numbering import letter_number_format
from .rendering import _page_context, kop_unit, letter_city, letter_head, signer_framing
from .typesetting import FONT_STACK, _fetcher, logo_src

NUMBER_PLACEHOLDERS = ("seq", "code", "classification", "month", "year")
NUMBER_REQUIRED = ("seq", "code", "year")
NUMBER_MAX_LENGTH = Letter._meta.get_field("number").max_length

# The fields of Office the letter settings page changes.
LETTER_SETTINGS_FIELDS = (
    "letter_logo",
    "address",
    "phone",
    "email",
    "website",
    "letter_place",
    "letter_code",
    "letter_classification",
    "letter_number_pattern",
    "signer_office",
    "signer_title",
    "signer_on_behalf_of",
)


# --- checks ----------------------------------------------------------------------------------------------------


def letter_number_pattern_check(pattern: str, *, code: str = "6202", classification: str = "VS.300") -> str:
    """The pattern, or ValidationError (with a message for the office admin) unless it uses only the placeholders
    letters.numbering fills ({seq}, {code}, {classification}, {month}, {year}, with an optional format such as
    {seq:03d}), has {seq}, {code} and {year} (numbers never repeat across years and offices), and gives a number
    that fits the letter (at most NUMBER_MAX_LENGTH characters with a five-digit sequence)."""
    allowed = ", ".join(f"{{{name}}}" for name in NUMBER_PLACEHOLDERS)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise ValidationError(
            _("The pattern has a “{” or “}” without its pair. Write placeholders as {seq}; allowed: %(allowed)s.")
            % {"allowed": allowed},
            code="braces",
        ) from None
    used = set()
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in NUMBER_PLACEHOLDERS or conversion is not None or "{" in (spec or ""):
            raise ValidationError(
                _("“{%(name)s}” is not a placeholder of the letter number. Allowed: %(allowed)s.")
                % {
                    "name": name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""),
                    "allowed": allowed,
                },
                code="placeholder",
            )
        used.add(name)
    missing = [name for name in NUMBER_REQUIRED if name not in used]
    if missing:
        raise ValidationError(
            _("The pattern must contain %(missing)s: a letter number may never repeat, in another year or office.")
            % {"missing": ", ".join(f"{{{name}}}" for name in missing)},
            code="required_placeholder",
        )
    sample = SimpleNamespace(
        name="", code=code, letter_code=code, letter_classification=classification, letter_number_pattern=pattern
    )
    try:
        number = letter_number_format(sample, seq=99999, on=datetime.date(2026, 12, 31))
    except ValidationError:
        raise ValidationError(
            _("The pattern cannot be filled in: check the format after each “:” (for example {seq:03d})."),
            code="format",
        ) from None
    if len(number) > NUMBER_MAX_LENGTH:
        raise ValidationError(
            _("A number made with this pattern is too long (%(length)s characters; at most %(max)s).")
            % {"length": len(number), "max": NUMBER_MAX_LENGTH},
            code="too_long",
        )
    return pattern


def letter_code_clash(office: Office, code: str) -> Office | None:
    """Another office whose letters carry the code `code` (its own letter code, or its office code when it has
    none): letter numbers are unique in the whole portal."""
    if not code:
        return None
    return (
        Office.objects.exclude(pk=office.pk)
        .filter(Q(letter_code=code) | Q(letter_code="", code=code))
        .order_by("code")
        .first()
    )


def signer_office_choices(office: Office):
    """The offices whose head may sign this office's letters: those above it (its province office, BPS RI) and
    any central office, and the one chosen now (set before in the Django admin)."""
    above, seen, parent_id = [], {office.pk}, office.parent_id
    while parent_id and parent_id not in seen:  # a loop of parents (a data error) stops here
        seen.add(parent_id)
        above.append(parent_id)
        parent_id = Office.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    wanted = Q(pk__in=above) | Q(level=OfficeLevel.CENTRAL)
    if office.signer_office_id:
        wanted |= Q(pk=office.signer_office_id)
    return Office.objects.filter(wanted).exclude(pk=office.pk).order_by("code")


# --- the write -------------------------------------------------------------------------------------------------


def office_letter_settings_save(*, office: Office, actor, tembusan: str, fields=LETTER_SETTINGS_FIELDS) -> Office:
    """Save the letter settings `office` holds as typed (a ModelForm's instance) and its tembusan default. Only
    `fields` of the office are written: what other pages change at the same time is kept. The default tembusan is
    stored only when it differs from what new letters start with now."""
    if actor is None or not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    tembusan = "\n".join(line.rstrip() for line in tembusan.strip().splitlines())
    logo = office.letter_logo
    stored = None
    if logo and not logo._committed:
        # Stored first, so the change recorded is the stored name (offices/logos/<random>.png).
        logo.save(logo.name, logo.file, save=False)
        stored = logo.name
    try:
        with transaction.atomic():
            office.save(update_fields=list(fields))
            _tembusan_save(office, tembusan)
    except Exception:
        if stored:
            logo.storage.delete(stored)
        raise
    return office


def _tembusan_save(office: Office, tembusan: str) -> None:
    from .services import letter_tembusan_default

    defaults = OfficeLetterDefaults.objects.select_for_update().filter(office=office).first()
    if defaults is None:
        if tembusan != letter_tembusan_default(office):
            OfficeLetterDefaults.objects.create(office=office, tembusan=tembusan)
    elif defaults.tembusan != tembusan:
        defaults.tembusan = tembusan
        defaults.save(update_fields=["tembusan"])


# --- the sample letter -----------------------------------------------------------------------------------------

SAMPLE_LOGO_URL = "sample:logo"
# The user stylesheet of the sample: CONTOH across every page, and no lampiran's head page.
SAMPLE_CSS = f"""
body::before {{ content: "CONTOH"; position: fixed; top: 95mm; left: 5mm; transform: rotate(-35deg);
               font-size: 90pt; font-weight: bold; letter-spacing: 8mm; color: rgba(200, 0, 0, 0.16); }}
@page {{ @top-center {{ content: "CONTOH — bukan surat resmi, tidak bernomor"; font-size: 8pt; color: #b00;
                      font-family: {FONT_STACK}; }} }}
.lampiran-head {{ display: none; }}
"""


def sample_letter_context(office: Office, *, tembusan: str, logo: bytes | None = None) -> dict:
    """The context of templates/letters/letter.html for a sample letter of `office` (its settings as typed, not
    saved): a fictitious agency and activity, no number. `logo`: the bytes of a logo just chosen (checked)."""
    signing = office.signer_office or office
    today = timezone.localdate()
    agency = SimpleNamespace(name="Dinas Contoh Kabupaten Contoh")
    submission = SimpleNamespace(
        title="Survei Contoh Kepuasan Layanan Publik",
        number=f"{office.code}-{today.year}-CONTOH",
        year=today.year,
        agency=agency,
    )
    letter = SimpleNamespace(
        office=office,
        signer_office=signing,
        number=None,
        sifat="Biasa",
        subject="CONTOH — Rekomendasi kegiatan statistik “Survei Contoh Kepuasan Layanan Publik”",
        body_text=(
            "Ini adalah contoh surat untuk melihat pengaturan surat kantor sebelum disimpan.\n"
            "Instansi, kegiatan dan isi surat ini rekaan; surat ini tidak bernomor dan tidak dikirim."
        ),
        decision="layak",
    )
    on_behalf_of, position = signer_framing(letter)
    if signing.pk == office.pk and logo is not None:
        logo_address = SAMPLE_LOGO_URL
    else:
        logo_address = logo_src(signing)
    day = date_format(today, "j F Y")
    return {
        "part": "letter",
        "letter": letter,
        "submission": submission,
        "agency": agency,
        "office": office,
        "signer_office": signing,
        "kop_office": signing,
        "kop_unit": kop_unit(signing),
        "logo_src": logo_address,
        "feasible": True,
        "date_line": f"{letter_city(signing)}, {day}",
        "letter_date": day,
        "submitted_on": day,
        "cover_letter": {"number": "000/CONTOH/2026", "date": day},
        "on_behalf_of": on_behalf_of,
        "signer_position": position,
        "head": letter_head(letter),
        "addressee_lines": ["Kepala Dinas Contoh Kabupaten Contoh"],
        "tembusan_lines": [line for line in tembusan.splitlines() if line.strip()],
        **_page_context(),
    }


def sample_letter_pdf(office: Office, *, tembusan: str, logo: bytes | None = None) -> bytes:
    """The sample letter (see `sample_letter_context`) as PDF: its page(s) only, CONTOH on each."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    letter_fetcher = _fetcher()

    class SampleFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url == SAMPLE_LOGO_URL and logo is not None:
                return URLFetcherResponse(url, logo)
            return letter_fetcher.fetch(url, headers)

    with translation.override("id"):
        html = render_to_string("letters/letter.html", sample_letter_context(office, tembusan=tembusan, logo=logo))
    fetcher = SampleFetcher()
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(string=SAMPLE_CSS, url_fetcher=fetcher)])
