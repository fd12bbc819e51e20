"""The pre-review's slots on a section page (`data-prereview-slot`): what each holds for a list of results.

The page renders them through the tags of `prereview_panels`; the section's autosave answers their inside as
well (`section_slots`), so static/js/prereview.js refills them from that answer instead of asking for the page
again. Both go through the same functions and templates, so a slot holds the same HTML either way."""

from collections.abc import Iterable

from django.template.loader import render_to_string

from .engine import Result

PANEL_TEMPLATE = "prereview/_section_panel_results.html"
FIELD_TEMPLATE = "prereview/_field_results_list.html"


def panel_slot(section_key: str) -> str:
    return f"panel-{section_key}"


def field_slot(section_key: str, field_name: str) -> str:
    return f"field-{section_key}-{field_name}"


def panel_context(results: Iterable[Result] | None, section_key: str) -> dict:
    return {
        "results": [r for r in results or () if r.section == section_key],
        "section_key": section_key,
        "slot": panel_slot(section_key),
    }


def field_context(results: Iterable[Result] | None, section_key: str, field_name: str) -> dict:
    return {
        "results": [r for r in results or () if r.section == section_key and r.field == field_name],
        "section_key": section_key,
        "field_name": field_name,
        "slot": field_slot(section_key, field_name),
    }


def section_slots(results: list[Result], section_key: str, field_names: Iterable[str]) -> dict[str, str]:
    """{slot name: its inner HTML} for the section's panel and each of its questions, an empty one included (a
    result that went away must leave its slot empty). Rendered in the active language, as the page is."""
    slots = {panel_slot(section_key): render_to_string(PANEL_TEMPLATE, panel_context(results, section_key))}
    for name in field_names:
        slots[field_slot(section_key, name)] = render_to_string(
            FIELD_TEMPLATE, field_context(results, section_key, name)
        )
    return slots
