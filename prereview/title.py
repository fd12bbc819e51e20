"""The title BPS reviewers ask for: [collection method] + [subject] + [area] + [period], for example
"Survei Kepuasan Masyarakat terhadap Pelayanan Publik Kabupaten Sleman Tahun 2026".

From the design alone (prereview.kinds.Design): the method from the form's kind and header, the subject from the
title as typed (its method, area and year words taken out) or else the sector, the area from the coverage (4.4/4.5)
or else the organiser's region, the period from the year."""

import re

from .kinds import COMPILATION_FORM, COVERAGE_NATIONAL, WAY_ADMIN_COMPILATION, WAY_CENSUS, Design

METHOD_WORDS = {"survei", "survey", "sensus", "kompilasi", "pendataan"}
FILLER = {"tahun", "di", "se", "indonesia", "nasional"}


def method_word(design: Design) -> str:
    way = design.value("collection_way")
    if design.kind == COMPILATION_FORM or way == WAY_ADMIN_COMPILATION:
        return "Kompilasi"
    if way == WAY_CENSUS:
        return "Sensus"
    return "Survei"


def area_words(design: Design) -> str:
    coverage = design.value("coverage")
    if coverage == COVERAGE_NATIONAL:
        return "Indonesia"
    if len(design.regions) == 1:
        return design.regions[0]["name"]
    return design.words.get("area", "")


def _strip(title: str, drop: list[str]) -> str:
    words = title.split()
    dropped = {w.lower() for phrase in drop for w in phrase.split()} | METHOD_WORDS | FILLER
    kept = [w for w in words if w.lower().strip(",.") not in dropped and not re.fullmatch(r"\d{4}", w.strip(",."))]
    # The region's own kind of name ("Kabupaten", "Kota", "Provinsi") goes with its name.
    while kept and kept[-1].lower() in {"kabupaten", "kota", "provinsi", "kab.", "prov."}:
        kept.pop()
    return " ".join(kept)


def title_proposal(design: Design) -> str:
    """The proposed title, or "" when there is not enough to propose one (no subject nor year yet)."""
    area = area_words(design)
    year = design.value("year") or design.words.get("year")
    subject = _strip(design.title or "", [area, design.words.get("area", "")]) or design.words.get("subject", "")
    if not subject or not year:
        return ""
    period = f"Tahun {year}"
    parts = [method_word(design), subject, area, period]
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
