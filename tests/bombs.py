"""Hostile uploads built in the test itself: archives and PDFs that are small on the wire and huge once unpacked.

The big content is never held in memory: it is one block repeated, deflated once with a full flush (which resets
the compressor, so every later copy of the block deflates to the same bytes) and the compressed copy repeated.
A gigabyte of text thus costs about a megabyte and a few hundredths of a second to build."""

import functools
import io
import struct
import zlib
from dataclasses import dataclass

MB = 1024 * 1024
BLOCK = MB


@dataclass(frozen=True)
class Member:
    """One file of a zip archive, already deflated (raw deflate, no zlib header)."""

    name: str
    deflated: bytes
    crc: int
    size: int
    # What the headers claim; a hostile archive may say a small size for a large content.
    declared_size: int | None = None
    flags: int = 0

    @classmethod
    def of(cls, name: str, content: bytes, **kwargs) -> "Member":
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        deflated = compressor.compress(content) + compressor.flush()
        return cls(name, deflated, zlib.crc32(content), len(content), **kwargs)


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector, row = vector >> 1, row + 1
    return total


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from those of A and B (zlib's crc32_combine, which Python does not expose)."""
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = [_gf2_times(odd, odd[n]) for n in range(32)]  # two zero bits
    odd = [_gf2_times(even, even[n]) for n in range(32)]  # four zero bits
    while length2:
        even = [_gf2_times(odd, odd[n]) for n in range(32)]
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = [_gf2_times(even, even[n]) for n in range(32)]
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
    return crc1 ^ crc2


def adler32_combine(adler1: int, adler2: int, length2: int) -> int:
    """The Adler-32 of A + B from those of A and B (zlib's adler32_combine)."""
    base = 65521
    sum1 = ((adler1 & 0xFFFF) + (adler2 & 0xFFFF) - 1) % base
    sum2 = ((adler1 >> 16) + (adler2 >> 16) + (length2 % base) * (adler1 & 0xFFFF) - (length2 % base)) % base
    return sum1 | (sum2 << 16)


def repeated_checksum(checksum: int, length: int, copies: int, combine) -> int:
    """The checksum of `copies` copies of a block whose checksum is `checksum` (by doubling: a few steps)."""
    result = None
    while copies:
        if copies & 1:
            result = checksum if result is None else combine(result, checksum, length)
        checksum, length, copies = combine(checksum, checksum, length), length * 2, copies >> 1
    return result


@functools.cache
def _deflated_block(block: bytes) -> bytes:
    """`block` deflated and fully flushed: after a full flush, any copy of it deflates to these same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)


def repeated_member(name: str, head: bytes, block: bytes, copies: int, tail: bytes) -> Member:
    """`head`, then `block` `copies` times, then `tail`: deflated without ever building the whole content."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    one = _deflated_block(block)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    if copies:
        crc = crc32_combine(
            crc, repeated_checksum(zlib.crc32(block), len(block), copies, crc32_combine), len(block) * copies
        )
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    return Member(name, start + one * copies + end, crc, len(head) + len(block) * copies + len(tail))


def zip_bytes(members: list[Member]) -> bytes:
    """A zip archive of deflated members, written by hand so that its headers can lie."""
    out = io.BytesIO()
    central = []
    for member in members:
        offset = out.tell()
        name = member.name.encode()
        size = member.size if member.declared_size is None else member.declared_size
        fields = (20, member.flags, 8, 0, 0x21, member.crc, len(member.deflated), size, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<5H3L2H", *fields) + name)
        out.write(member.deflated)
        central.append(b"PK\x01\x02" + struct.pack("<6H3L5H2L", 20, *fields, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
PART = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_members(rows: list[list[str]]) -> list[Member]:
    """The parts of a minimal workbook as Excel writes it: one sheet, MS-Var, whose texts are in the
    shared-strings table (openpyxl writes them inline, so its files cannot serve here)."""
    from xml.sax.saxutils import escape

    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=1):
        row_cells = []
        for c, text in enumerate(row):
            strings.append(text)
            row_cells.append(f'<c r="{_column(c)}{r}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(row_cells)}</row>')
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{PART}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{PART}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{PART}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SPREADSHEET}" '
        f'xmlns:r="{RELATIONSHIPS}"><sheets><sheet name="MS-Var" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SPREADSHEET}">'
        f"<sheetData>{''.join(cells)}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SPREADSHEET}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
    }
    return [Member.of(name, text.encode()) for name, text in parts.items()]


SHARED_STRINGS = "xl/sharedStrings.xml"
# Long texts of one letter deflate about 1000 times (short varied ones only 300-400 times: the distance
# back to the repeat costs extra bits), so a gigabyte of them fits in the 2 MB an import may be.
LONG_TEXTS = b"<si><t>" + b"A" * (64 * 1024 - 16) + b"</t></si>"
# Many short texts are what costs openpyxl the most time (each becomes a Python string).
SHORT_TEXTS = b"<si><t>Definisi variabel</t></si>"


def xlsx_bomb(rows: list[list], *, expanded: int, declared_size: int | None = None, filler=LONG_TEXTS) -> bytes:
    """A valid workbook holding `rows`, whose shared-strings table grows to about `expanded` bytes of
    `filler` strings appended after the real ones. With `declared_size` its headers claim that size instead."""
    members = workbook_members(rows)
    real = next(m for m in members if m.name == SHARED_STRINGS)
    content = zlib.decompress(real.deflated, -15)
    cut = content.rindex(b"</sst>")
    block = filler * (BLOCK // len(filler))
    bomb = repeated_member(SHARED_STRINGS, content[:cut], block, max(1, expanded // len(block)), content[cut:])
    if declared_size is not None:
        bomb = Member(bomb.name, bomb.deflated, real.crc, bomb.size, declared_size=declared_size)
    return zip_bytes([bomb if m.name == SHARED_STRINGS else m for m in members])


def pdf_bomb(*, streams: int, expanded: int, form: bool = False) -> bytes:
    """A one-page-per-stream PDF: each page object sits in its own object stream (FlateDecode) padded
    with blanks up to `expanded` bytes. Counting the pages means inflating every one of these streams.
    With `form`, the pages are also the fields of its form, where a signature checker looks."""
    out = io.BytesIO()
    offsets: dict[int, int] = {}

    def obj(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    pages = [streams + 10 + i for i in range(streams)]  # after the streams and the xref
    kids = b" ".join(b"%d 0 R" % p for p in pages)
    fields = b" /AcroForm << /Fields [%s] >>" % kids if form else b""
    obj(1, b"<< /Type /Catalog /Pages 2 0 R%s >>" % fields)
    obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, streams))
    blank = b" " * BLOCK
    copies = expanded // BLOCK  # of blanks after each page object
    blanks_adler = repeated_checksum(zlib.adler32(blank), len(blank), copies, adler32_combine) if copies else 1
    stream_numbers = []
    for index, page in enumerate(pages):
        number = 3 + index
        page_body = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
        header = b"%d 0 " % page
        head = header + page_body
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        deflated = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        deflated += _deflated_block(blank) * copies + compressor.flush()
        checksum = (
            adler32_combine(zlib.adler32(head), blanks_adler, len(blank) * copies) if copies else zlib.adler32(head)
        )
        data = b"\x78\xda" + deflated + struct.pack(">L", checksum)  # a zlib stream: header, deflate, Adler-32
        stream_numbers.append(number)
        obj(
            number,
            b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(data))
            + data
            + b"\nendstream",
        )
    # The cross-reference stream: type 1 (offset) for plain objects, type 2 (stream, index) for the pages.
    xref_number, size = 3 + streams, pages[-1] + 1
    entries = {0: (0, 0, 65535)}
    entries.update({n: (1, offset, 0) for n, offset in offsets.items()})
    entries.update({page: (2, stream, 0) for page, stream in zip(pages, stream_numbers, strict=True)})
    entries[xref_number] = (1, out.tell(), 0)
    rows = b"".join(struct.pack(">BLH", *entries.get(n, (0, 0, 0))) for n in range(size))
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, size, len(rows))
        + rows
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1])
    return out.getvalue()
