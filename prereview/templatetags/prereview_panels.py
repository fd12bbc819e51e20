"""The pre-review's panels on a submission's pages (the page's view passes `prereview`, the results of
submissions.prereview_input): per section, next to a question, and the title helper."""

from django import template

register = template.Library()


@register.inclusion_tag("prereview/_section_panel.html")
def prereview_section_panel(results, section_key):
    return {"results": [r for r in results or () if r.section == section_key]}


@register.inclusion_tag("prereview/_field_results.html")
def prereview_field(results, section_key, field_name):
    return {"results": [r for r in results or () if r.section == section_key and r.field == field_name]}


@register.inclusion_tag("prereview/_title_helper.html")
def prereview_title_helper(proposal, current=""):
    return {"proposal": proposal if proposal and proposal != current else ""}
