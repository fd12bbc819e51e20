"""Safe inspection of uploaded files that unpack: zip archives (XLSX) and PDFs' compressed streams.

A small upload can unpack to gigabytes (a "decompression bomb"): deflate shrinks repeated text about
1000 times, so a 2 MB workbook can hold 2 GB of shared strings, and a PDF's object streams can do the same
to a PDF reader. What unpacks an upload is therefore bounded by what it produces, not by the upload's size:

- `zip_check` reads a zip archive's central directory and refuses too many members, a member or a total
  larger than the limits, a member compressed beyond any ordinary ratio, encrypted members and methods
  other than stored and deflate; then it inflates every member in small pieces, never past what the
  directory declared (which must itself be within the limits), and refuses a member whose content is not
  what the directory declared (size or CRC-32: a lying header) or that is itself an archive, and an archive
  with more markup than an XML reader should be made to build (the reader's work grows with it, not with
  bytes). Only then may a library such as openpyxl open the file.
- `pdf_decoding_bounded` makes pypdf (used to count an attachment's pages) decode at most a budget of bytes
  for the whole document, however many streams it has: pypdf's own limits are per stream (75 MB each), it
  keeps what it decoded and reads padding byte by byte. `pyhanko_decode_limits` does the same for pyHanko
  (letter verification), whose default budget is max(256 MB, 100 times the file).

Refusals are ValidationErrors with a message for the person who uploaded the file.
"""

import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Inflating in pieces of this size keeps the memory of the check small whatever the archive says.
PIECE = 256 * 1024

# The first bytes of compressed or archive formats: an archive inside the upload is never unpacked.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",  # zip (also XLSX, DOCX, ODS, JAR…)
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",  # spanned zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x28\xb5\x2f\xfd",  # zstandard
)
STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … name length, extra length (30 bytes)


def _megabytes(size: int) -> str:
    return number_format(size / MB, decimal_pos=0 if size % MB == 0 else 1)


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The file is too large once unpacked: its contents would take more than %(limit)s MB, or far more "
            "than the file itself. Remove what is not needed, or split it into several files."
        )
        % {"limit": _megabytes(limit)},
        code="too_large_unpacked",
    )


def _damaged(code: str = "damaged_archive") -> ValidationError:
    return ValidationError(
        _(
            "The file is damaged: its parts do not match the sizes and checksums it lists. Save it again and "
            "upload the new copy."
        ),
        code=code,
    )


@dataclass(frozen=True)
class ArchiveLimits:
    """What a zip archive may unpack to. Sizes are in bytes, uncompressed."""

    max_members: int
    max_total_bytes: int
    max_member_bytes: int
    # Uncompressed / compressed size of one member, checked for members above `ratio_floor` bytes.
    # Deflate reaches about 1030:1 on repeated bytes; ordinary documents stay far below.
    max_ratio: int
    ratio_floor: int
    # Markup in all members together, counted as "<" characters: an upper bound on the elements (and end
    # tags) an XML reader builds, so on its work; for a member that is not XML the count is merely pessimistic.
    max_markup: int
    # XML elements of these local names (with or without a namespace prefix), counted in all members
    # together: some are costlier to read than others (openpyxl keeps every shared string, <si>, in memory).
    max_elements: Mapping[str, int] = field(default_factory=dict)


class _ElementCounter:
    """Counts the start tags (<name …>, <p:name/>) of some local names in text fed in pieces."""

    TAIL = 64  # longer than any start of a tag the pattern matches, so a tag cut between pieces is found once

    def __init__(self, names: Mapping[str, int]):
        alternatives = "|".join(re.escape(name) for name in names)
        self.pattern = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(" + alternatives.encode() + rb")[\s/>]")
        self.counts = dict.fromkeys(names, 0)
        self.tail = b""

    def feed(self, piece: bytes) -> None:
        text = self.tail + piece
        for match in self.pattern.finditer(text):
            if match.end() > len(self.tail):  # a match wholly inside the tail was counted with the piece before
                name = match.group(1).decode()
                self.counts[name] += 1
        self.tail = text[-self.TAIL :]

    def end_member(self) -> None:
        self.tail = b""


def zip_check(content: bytes, limits: ArchiveLimits) -> None:
    """Raise ValidationError unless the zip archive `content` unpacks within `limits` (see the module's
    docstring). The work is bounded by the limits, not by what the archive claims."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise _damaged(code="not_a_zip") from None  # a caller may say what the file should have been
    if len(members) > limits.max_members:
        raise ValidationError(
            _("The file holds too many parts (more than %(limit)s) to be read.")
            % {"limit": number_format(limits.max_members, force_grouping=True)},
            code="too_many_members",
        )
    # First what the directory declares: refused here, nothing is inflated at all.
    total = 0
    for member in members:
        if member.flag_bits & 0x41:  # 0x01: encrypted, 0x40: strong encryption
            raise ValidationError(
                _("Part of the file is protected with a password. Save a copy without a password and upload that."),
                code="encrypted_archive",
            )
        if member.compress_type not in (STORED, DEFLATED):
            raise ValidationError(
                _("The file is compressed in a way the portal does not read. Save it again with the usual settings."),
                code="compression_method",
            )
        total += member.file_size
        if member.file_size > limits.max_member_bytes:
            raise _too_large(limits.max_member_bytes)
        if total > limits.max_total_bytes:
            raise _too_large(limits.max_total_bytes)
        if member.file_size > limits.ratio_floor and member.file_size > limits.max_ratio * member.compress_size:
            raise _too_large(limits.max_total_bytes)
    # Then what the members really hold, inflated in pieces and never past their declared size.
    counter = _ElementCounter(limits.max_elements) if limits.max_elements else None
    markup = 0
    for member in members:
        for index, piece in enumerate(_member_pieces(content, member)):
            if index == 0 and piece.startswith(ARCHIVE_SIGNATURES):
                raise ValidationError(
                    _(
                        "The file contains another compressed file (%(name)s); an archive inside an upload is not "
                        "unpacked. Remove it and upload the file again."
                    )
                    % {"name": member.filename},
                    code="nested_archive",
                )
            markup += piece.count(b"<")
            if markup > limits.max_markup:
                raise _too_much_markup(limits.max_markup)
            if counter is not None:
                counter.feed(piece)
                for name, count in counter.counts.items():
                    if count > limits.max_elements[name]:
                        raise _too_much_markup(limits.max_elements[name])
        if counter is not None:
            counter.end_member()


def _too_much_markup(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The file holds too many cells or other elements to be read (more than %(limit)s). Keep only what is "
            "needed, or split it into several files."
        )
        % {"limit": number_format(limit, force_grouping=True)},
        code="too_much_markup",
    )


def _member_pieces(content: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's content in pieces of at most PIECE bytes, read from its local header on. Raises the
    "damaged" error as soon as the content goes past its declared size, ends short of it, or fails its CRC."""
    offset = member.header_offset
    try:
        fields = LOCAL_HEADER.unpack_from(content, offset)
    except struct.error:
        raise _damaged() from None
    if fields[0] != b"PK\x03\x04":
        raise _damaged()
    start = offset + LOCAL_HEADER.size + fields[-2] + fields[-1]
    data = memoryview(content)[start : start + member.compress_size]
    if len(data) != member.compress_size:
        raise _damaged()
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if member.compress_type == DEFLATED else None
    pieces = _inflated(inflater, data) if inflater else (bytes(data[i : i + PIECE]) for i in range(0, len(data), PIECE))
    produced, crc = 0, 0
    try:
        for piece in pieces:
            produced += len(piece)
            if produced > member.file_size:
                raise _damaged()  # more than the directory declared: a lying header; inflating stops here
            crc = zlib.crc32(piece, crc)
            yield piece
    except zlib.error:
        raise _damaged() from None
    if produced != member.file_size or (inflater and not inflater.eof) or crc != member.CRC:
        raise _damaged()


def _inflated(inflater, data: memoryview) -> Iterator[bytes]:
    """Inflate `data` in pieces of at most PIECE bytes each; the caller stops whenever it has seen enough."""
    position, pending = 0, b""
    while not inflater.eof:
        if not pending:
            if position >= len(data):
                return  # the compressed data ended before the deflate stream did
            pending, position = data[position : position + PIECE], position + PIECE
        piece = inflater.decompress(pending, PIECE)
        pending = inflater.unconsumed_tail
        if piece:
            yield piece


# --- PDF streams -----------------------------------------------------------------------------------------

# How much a PDF reader may decode for a whole document: the file's own size, and at least this much.
# Counting the pages of a PDF decodes only its cross-reference and object streams (measured: 44 KB for a
# 263 KB manual of 36 pages; nothing for a 91 KB signed letter); a damaged file whose objects pypdf has to
# look for decodes all its object streams, which are at most a part of the file, compressed some 3-10 times.
# pypdf reads an object stream's padding byte by byte (about 0.1 µs a byte), so the budget is also a time
# bound: 10 MB, the largest attachment, takes about a second.
PDF_DECODE_FLOOR = 4 * MB


def pdf_decode_budget(size: int) -> int:
    """The bytes a PDF reader may decode for a document of `size` bytes."""
    return max(PDF_DECODE_FLOOR, size)


def _pdf_too_large(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "This PDF is too large once unpacked: its compressed contents come to more than %(limit)s MB. Export "
            "or print it to PDF again, or split it into several files."
        )
        % {"limit": _megabytes(limit)},
        code="too_large_unpacked",
    )


class PdfBudgetExceeded(ValidationError):
    """A PDF reader was asked to decode more than the budget of `pdf_decoding_bounded`."""

    def __init__(self, budget: int):
        error = _pdf_too_large(budget)
        super().__init__(error.message, code=error.code, params=error.params)


@dataclass
class _DecodeBudget:
    limit: int
    used: int = 0
    exceeded: bool = False


_pdf_budget: ContextVar[_DecodeBudget | None] = ContextVar("romantik_pdf_decode_budget", default=None)

# pypdf's limits on what one filter of one stream may produce; all are set to what is left of the budget.
_PYPDF_OUTPUT_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "image_maximum_buffer_size",
)


@contextmanager
def pdf_decoding_bounded(budget: int) -> Iterator[None]:
    """Within: pypdf decodes at most `budget` bytes of streams in all (in this thread or task), and
    PdfBudgetExceeded is raised once it is asked for more, even where pypdf would carry on past an error."""
    state = _DecodeBudget(budget)
    token = _pdf_budget.set(state)
    try:
        yield
    except Exception as error:
        if state.exceeded and not isinstance(error, PdfBudgetExceeded):
            raise PdfBudgetExceeded(budget) from None
        raise
    finally:
        _pdf_budget.reset(token)
    if state.exceeded:  # pypdf gave up on a stream and went on without it
        raise PdfBudgetExceeded(budget)


def _decode_stream_data_bounded(stream):
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    state = _pdf_budget.get()
    if state is None:
        return _pypdf_decode_stream_data(stream)
    left = state.limit - state.used
    if left <= 0:  # 0 would mean "no limit" to pypdf
        state.exceeded = True
        raise PdfBudgetExceeded(state.limit)
    try:
        with apply_configuration(**dict.fromkeys(_PYPDF_OUTPUT_LIMITS, left)):
            data = _pypdf_decode_stream_data(stream)
    except LimitReachedError:
        state.exceeded = True
        raise
    state.used += len(data)
    if state.used > state.limit:
        state.exceeded = True
        raise PdfBudgetExceeded(state.limit)
    return data


def _install_pypdf_budget() -> None:
    """Route pypdf's one entry point for decoding a stream (EncodedStreamObject.get_data imports it from
    pypdf.filters at each call) through the budget. Without a budget set, it is pypdf's own function."""
    import pypdf.filters

    global _pypdf_decode_stream_data
    current = pypdf.filters.decode_stream_data
    if current is not _decode_stream_data_bounded:
        _pypdf_decode_stream_data = current
        pypdf.filters.decode_stream_data = _decode_stream_data_bounded


_pypdf_decode_stream_data = None
_install_pypdf_budget()


def pyhanko_decode_limits(budget: int):
    """pyHanko's decoding limits for an untrusted PDF, with `budget` bytes for the whole document (pyHanko's
    default allows max(256 MB, 100 × the file), and parses padding at about 1 µs a byte)."""
    from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=budget),
        document_budget=DocumentDecodeBudget(base_allowance=budget, max_ratio=0),
    )


PDF_SIGNATURE = b"%PDF-"


def pdf_upload_check(file, *, max_bytes: int) -> int:
    """The number of pages of the uploaded `file`, or ValidationError unless it is a PDF of at most `max_bytes`
    that opens and has a page (attachments of a submission, an office's documents)."""
    if file.size > max_bytes:
        # Rounded up, so a file just over the limit never reads as "10.0 MB; the limit is 10 MB".
        size = math.ceil(file.size * 10 / MB) / 10
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": number_format(size, 1), "limit": number_format(max_bytes // MB)},
            code="too_large",
        )
    file.seek(0)
    signature = file.read(len(PDF_SIGNATURE))
    file.seek(0)
    if signature != PDF_SIGNATURE:
        raise ValidationError(
            _("This file is not a PDF. Save or export the document as PDF and upload that."), code="not_pdf"
        )
    from pypdf import PdfReader  # imported here: only an upload needs it
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        # An encrypted PDF that opens without a password (printing or copying restricted) is fine:
        # pypdf decrypts it with the empty password by itself. One that needs a password is not.
        # The streams pypdf decodes meanwhile are bounded in all, not just each (a small PDF can unpack to GBs).
        with pdf_decoding_bounded(pdf_decode_budget(file.size)):
            pages = len(PdfReader(file).pages)
    except PdfBudgetExceeded:
        raise
    except FileNotDecryptedError:
        raise ValidationError(
            _("This PDF is protected with a password. Upload a copy that opens without one."), code="password"
        ) from None
    except DependencyError:
        # AES encryption needs the optional `cryptography` package, which pypdf cannot use here.
        raise ValidationError(
            _("This PDF is encrypted in a way the portal cannot read. Upload a copy without protection."),
            code="encrypted",
        ) from None
    except Exception:  # pypdf raises many kinds of errors on a damaged file
        raise ValidationError(
            _("This file starts like a PDF but cannot be read: it may be damaged. Export it as PDF again."),
            code="damaged",
        ) from None
    finally:
        file.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="empty")
    return pages
