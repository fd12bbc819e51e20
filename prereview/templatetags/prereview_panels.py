"""The pre-review's panels on a submission's pages (the page's view passes `prereview`, the results of
submissions.prereview_input): per section, next to a question, and the title helper. What a slot holds is
prereview.slots, which the section's autosave answers too."""

from django import template

from ..slots import field_context, panel_context

register = template.Library()


@register.inclusion_tag("prereview/_section_panel.html")
def prereview_section_panel(results, section_key):
    return panel_context(results, section_key)


@register.inclusion_tag("prereview/_field_results.html")
def prereview_field(results, section_key, field_name):
    return field_context(results, section_key, field_name)


@register.inclusion_tag("prereview/_title_helper.html")
def prereview_title_helper(proposal, current=""):
    return {"proposal": proposal if proposal and proposal != current else ""}


@register.filter
def may_manage_rules(user) -> bool:
    """`prereview.manage_rules` for the menu link, asked of the predicate itself: `perms.…` would go through
    Django's model backend first, two queries of stored permissions on every page."""
    from ..rules import is_central_office_admin

    return bool(getattr(user, "is_superuser", False) or is_central_office_admin(user))
