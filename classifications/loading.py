"""Reading and checking a classification file (classifications/data/*.csv); nothing here writes.

A file starts with lines "# key: value" naming the classification (code, name, version, source, detail) and
its levels ("# level 1: Kategori | [A-U]", the code's format a regular expression; "| prefix" when a code
starts with its parent's code; "| 130" when the publication states how many items the level has), then the
header row "level,code,parent,title" and one row per item.
`classification_file_read` checks every row: a known level, the code's format for its level, a code used once,
a parent (none at level 1, else an item of the level above, anywhere in the file), a title, no value longer than
its column; then each level's count, where declared. The first problem stops the reading with a message naming
the file and its line.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
HEADER = ["level", "code", "parent", "title"]
META_KEYS = ("code", "name", "version", "source", "detail")
REQUIRED_META = ("code", "name", "source")
CODE_FORMAT = re.compile(r"[a-z0-9]{2,40}")
MAX_BYTES = 5 * 1024 * 1024  # KBLI 2020 to its 5-digit kelompok is about 160 kB
# The columns' lengths (models.py), checked here so that a long value names its line instead of failing the load.
META_MAX = {"code": 40, "name": 120, "version": 20, "source": 300, "detail": 300}
CELL_MAX = {"code": 20, "title": 300}


class ClassificationFileError(ValueError):
    """A file that cannot be loaded; the message names the file and the line."""


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    pattern: re.Pattern
    prefix: bool  # a code starts with its parent's code
    count: int | None = None  # the items the publication says the level has, checked when declared
    line: int = 0  # the line declaring it


@dataclass(frozen=True)
class Row:
    line: int
    level: int
    code: str
    parent: str
    title: str


@dataclass
class ClassificationFile:
    path: Path
    meta: dict[str, str]
    levels: dict[int, Level]
    rows: list[Row] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.meta["code"]

    def counts(self) -> dict[int, int]:
        """Items per level, every declared level listed."""
        counted = Counter(row.level for row in self.rows)
        return {number: counted.get(number, 0) for number in sorted(self.levels)}

    def report(self) -> str:
        """ "kbli2020 (KBLI 2020): Kategori 21, Golongan pokok 88"."""
        parts = [f"{self.levels[n].name} {count}" for n, count in self.counts().items()]
        return f"{self.code} ({self.meta['name']}): {', '.join(parts)}"


def _fail(path: Path, line: int, message: str):
    raise ClassificationFileError(
        _("%(file)s, line %(line)d: %(message)s") % {"file": path.name, "line": line, "message": message}
    )


def _too_long(key: str, most: int) -> str:
    return _("the value of “%(key)s” is longer than %(most)d characters.") % {"key": key, "most": most}


def _level(path: Path, line: int, number: str, value: str) -> Level:
    parts = [p.strip() for p in value.split("|")]
    if not number.isdigit() or len(parts) not in (2, 3, 4) or not parts[0] or not parts[1]:
        _fail(path, line, _("a level is declared as “# level 1: Name | code format [| prefix] [| count]”."))
    extra = parts[2:]
    counts = [int(part) for part in extra if part.isdigit()]
    if extra.count("prefix") + len(counts) != len(extra) or extra.count("prefix") > 1 or len(counts) > 1:
        _fail(path, line, _("after the code format, a level takes only “prefix” and its number of items, once each."))
    try:
        pattern = re.compile(parts[1])
    except re.error as error:
        _fail(
            path,
            line,
            _("the code format “%(format)s” is not valid: %(error)s.") % {"format": parts[1], "error": error},
        )
    return Level(
        number=int(number),
        name=parts[0],
        pattern=pattern,
        prefix="prefix" in extra,
        count=counts[0] if counts else None,
        line=line,
    )


def classification_file_read(path: Path, *, text: str | None = None) -> ClassificationFile:
    """The checked content of one file (`text`: its content, when it is not read from `path`)."""
    path = Path(path)
    if text is None:
        if path.stat().st_size > MAX_BYTES:
            _fail(path, 1, _("the file is larger than 5 MB."))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            _fail(path, 1, _("the file is not UTF-8 text."))
    lines = text.splitlines()
    meta: dict[str, str] = {}
    levels: dict[int, Level] = {}
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        key, colon, value = line[1:].partition(":")
        key, value = key.strip(), value.strip()
        if not colon:
            _fail(path, number, _("a line before the header row starts with “# key: value”."))
        if key.startswith("level "):
            level = _level(path, number, key[6:].strip(), value)
            if level.number in levels:
                _fail(path, number, _("level %(level)d is declared twice.") % {"level": level.number})
            levels[level.number] = level
        elif key in META_KEYS:
            if len(value) > META_MAX[key]:
                _fail(path, number, _too_long(key, META_MAX[key]))
            meta[key] = value
        else:
            _fail(path, number, _("unknown key “%(key)s”.") % {"key": key})
    else:
        number += 1
    for key in REQUIRED_META:
        if not meta.get(key):
            _fail(path, number, _("the line “# %(key)s: …” is missing before the header row.") % {"key": key})
    if not CODE_FORMAT.fullmatch(meta["code"]):
        _fail(path, number, _("the code “%(code)s” must be 2-40 lowercase letters or digits.") % {"code": meta["code"]})
    if sorted(levels) != list(range(1, len(levels) + 1)) or not levels:
        _fail(path, number, _("the levels must be declared as level 1, level 2, … without a gap."))
    body = lines[number - 1 :]
    records = list(csv.reader(io.StringIO("\n".join(body))))
    if not records or [c.strip() for c in records[0]] != HEADER:
        _fail(path, number, _("the header row must be “%(header)s”.") % {"header": ",".join(HEADER)})
    found = ClassificationFile(path=path, meta=meta, levels=levels)
    seen: dict[str, Row] = {}
    for offset, cells in enumerate(records[1:], start=1):
        line = number + offset
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            _fail(
                path, line, _("a row has 4 cells (level, code, parent, title), not %(count)d.") % {"count": len(cells)}
            )
        level_text, code, parent, title = (c.strip() for c in cells)
        if not level_text.isdigit() or int(level_text) not in levels:
            _fail(path, line, _("“%(level)s” is not a declared level.") % {"level": level_text})
        level = levels[int(level_text)]
        if not level.pattern.fullmatch(code):
            _fail(
                path,
                line,
                _("the code “%(code)s” does not have the format of the level %(name)s (%(format)s).")
                % {"code": code, "name": level.name, "format": level.pattern.pattern},
            )
        if code in seen:
            _fail(
                path,
                line,
                _("the code “%(code)s” is already used on line %(other)d.") % {"code": code, "other": seen[code].line},
            )
        if not title:
            _fail(path, line, _("the item “%(code)s” has no title.") % {"code": code})
        for key, value in (("code", code), ("title", title)):
            if len(value) > CELL_MAX[key]:
                _fail(path, line, _too_long(key, CELL_MAX[key]))
        if level.number == 1 and parent:
            _fail(path, line, _("an item of level 1 has no parent."))
        if level.number > 1 and not parent:
            _fail(path, line, _("the item “%(code)s” needs a parent of the level above.") % {"code": code})
        row = Row(line=line, level=level.number, code=code, parent=parent, title=title)
        seen[code] = row
        found.rows.append(row)
    if not found.rows:
        _fail(path, number, _("the file has no items below the header row."))
    for row in found.rows:
        if not row.parent:
            continue
        parent = seen.get(row.parent)
        if parent is None:
            _fail(
                path,
                row.line,
                _("the parent “%(parent)s” of “%(code)s” is not in the file.")
                % {"parent": row.parent, "code": row.code},
            )
        if parent.level != row.level - 1:
            _fail(
                path,
                row.line,
                _("the parent “%(parent)s” of “%(code)s” is not of the level above.")
                % {"parent": row.parent, "code": row.code},
            )
        if levels[row.level].prefix and not row.code.startswith(row.parent):
            _fail(
                path,
                row.line,
                _("the code “%(code)s” does not start with its parent's code “%(parent)s”.")
                % {"code": row.code, "parent": row.parent},
            )
    for number, count in found.counts().items():
        level = levels[number]
        if level.count is not None and count != level.count:
            _fail(
                path,
                level.line,
                _("the level %(name)s is declared with %(count)d items, the file has %(found)d.")
                % {"name": level.name, "found": count, "count": level.count},
            )
    return found


def classification_files_read(directory: Path = DATA_DIR) -> list[ClassificationFile]:
    """Every *.csv of `directory`, checked; two files may not name the same classification."""
    files = []
    codes: dict[str, Path] = {}
    for path in sorted(Path(directory).glob("*.csv")):
        found = classification_file_read(path)
        if found.code in codes:
            _fail(
                path,
                1,
                _("the code “%(code)s” is already used by %(other)s.")
                % {"code": found.code, "other": codes[found.code].name},
            )
        codes[found.code] = path
        files.append(found)
    return files
