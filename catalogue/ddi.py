"""DDI Codebook 2.5 of one public activity (`/katalog/<pk>/ddi.xml`), built with ElementTree.

Elements follow the order of the DDI 2.5 schema (codeBook: docDscr, stdyDscr, dataDscr). What goes in:
title, the recommendation number as the study's IDNo, the agency as AuthEnty, the period of the activity
(timePrd: first planning day to last evaluation day), the collection dates (collDate), nation, coverage
(geogCover: all of Indonesia, or each region covered), units of analysis, universe, kind of data, the
collection method, and the public variables only (name, label, question, definition, concept, format).
"""

import xml.etree.ElementTree as ET

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from submissions import enums
from submissions.forms import MULTI_CHOICES
from submissions.models import PHASES

from .metadata import decision_label, results_json
from .selectors import public_variables

NS = "ddi:codebook:2_5"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PRODUCER = "Badan Pusat Statistik (Romantik)"
ET.register_namespace("", NS)


def _el(parent, tag: str, text=None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items() if v not in (None, "")})
    if text not in (None, ""):
        element.text = str(text)
    return element


def _label(enum, value) -> str:
    return str(enum(value).label) if value in enum.values else ""


def _multi(name: str, codes) -> list[str]:
    labels = dict(MULTI_CHOICES[name].choices)
    return [str(labels[c]) for c in codes or [] if c in labels]


def _period(submission):
    starts = [getattr(submission, f"{phase}_start") for phase, _label in PHASES]
    ends = [getattr(submission, f"{phase}_end") for phase, _label in PHASES]
    starts, ends = [d for d in starts if d], [d for d in ends if d]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _coverage(submission) -> list[str]:
    if submission.coverage == enums.Coverage.NATIONAL:
        return [str(enums.Coverage.NATIONAL.label)]
    names = [region.display_name for region in submission.coverage_regions.all()]
    if names:
        return names
    region = submission.organizer_regency or submission.organizer_province
    return [region.display_name] if region is not None else []


def ddi_codebook(submission, *, url: str) -> bytes:
    """The XML document (UTF-8, with declaration) of one activity from `selectors.public_activity`."""
    entry = submission.catalogue_entry
    language = translation.get_language() or "id"  # the labels (choices, Ya/Tidak) are in the reader's language
    root = ET.Element(f"{{{NS}}}codeBook", {"version": "2.5", "ID": f"romantik-{submission.pk}", XML_LANG: language})

    doc = _el(root, "docDscr")
    citation = _el(doc, "citation")
    _el(_el(citation, "titlStmt"), "titl", _("Metadata: %(title)s") % {"title": submission.title})
    prod = _el(citation, "prodStmt")
    _el(prod, "producer", PRODUCER, abbr="BPS")
    _el(prod, "prodDate", timezone.localdate().isoformat(), date=timezone.localdate().isoformat())
    _el(citation, "holdings", url, URI=url)

    study = _el(root, "stdyDscr")
    citation = _el(study, "citation")
    titles = _el(citation, "titlStmt")
    _el(titles, "titl", submission.title)
    _el(titles, "IDNo", entry.recommendation_number, agency="BPS")
    if submission.number:
        _el(titles, "IDNo", submission.number, agency="Romantik")
    _el(_el(citation, "rspStmt"), "AuthEnty", submission.agency.name, affiliation=submission.organizer_name)
    _el(
        _el(citation, "notes"),
        "p",
        _("Recommendation %(number)s of %(date)s: %(decision)s")
        % {
            "number": entry.recommendation_number,
            "date": entry.recommendation_date.isoformat(),
            "decision": decision_label(entry.decision),
        },
    )

    info = _el(study, "stdyInfo")
    if submission.sector:
        _el(_el(info, "subject"), "topcClas", _label(enums.Sector, submission.sector), vocab="BPS sector")
    _el(info, "abstract", submission.objective)
    summary = _el(info, "sumDscr")
    start, end = _period(submission)
    if start:
        _el(summary, "timePrd", start.isoformat(), event="start", date=start.isoformat())
    if end:
        _el(summary, "timePrd", end.isoformat(), event="end", date=end.isoformat())
    if submission.collection_start:
        day = submission.collection_start.isoformat()
        _el(summary, "collDate", day, event="start", date=day)
    if submission.collection_end:
        day = submission.collection_end.isoformat()
        _el(summary, "collDate", day, event="end", date=day)
    _el(summary, "nation", "Indonesia", abbr="IDN")
    for name in _coverage(submission):
        _el(summary, "geogCover", name)
    for unit in _multi("analysis_units", submission.analysis_units):
        _el(summary, "anlyUnit", unit)
    universe = submission.observation_unit or submission.sample_unit
    if universe:
        _el(summary, "universe", universe)
    if submission.collection_way:
        _el(summary, "dataKind", _label(enums.CollectionWay, submission.collection_way))

    collection = _el(_el(study, "method"), "dataColl")
    if submission.collection_type:
        _el(collection, "timeMeth", _label(enums.CollectionType, submission.collection_type))
    if submission.collectors:
        _el(collection, "dataCollector", _label(enums.Collectors, submission.collectors))
    if submission.training is not None and submission.uses_field_officers:
        _el(collection, "collectorTraining", _("Yes") if submission.training else _("No"))
    if submission.frequency:
        _el(collection, "frequenc", _label(enums.Frequency, submission.frequency))
    if submission.is_survey and submission.sample_method:
        _el(collection, "sampProc", _label(enums.SampleMethod, submission.sample_method))
    for mode in _multi("collection_methods", submission.collection_methods) + _multi(
        "collection_means", submission.collection_means
    ):
        _el(collection, "collMode", mode)

    results = results_json(submission)  # the results handed over to BPS (issue 19), after method as DDI orders it
    if results["links"]:
        materials = _el(study, "othrStdyMat")
        for link in results["links"]:
            related = _el(materials, "relMat", f"{link['kind']} {link['period']}: {link['url']}")
            _el(related, "ExtLink", URI=link["url"], role=link["kind"])
    data = _el(root, "dataDscr")
    for n, variable in enumerate(public_variables(submission), start=1):
        var = _el(data, "var", ID=f"V{n}", name=variable.alias or variable.name)
        _el(var, "labl", variable.name)
        if variable.question_text:
            _el(_el(var, "qstn"), "qstnLit", variable.question_text)
        _el(var, "txt", variable.definition)
        if variable.concept:
            _el(var, "concept", variable.concept)
        numeric = variable.data_type == enums.DataType.NUMBER
        _el(var, "varFormat", type="numeric" if numeric else "character", schema="other")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
