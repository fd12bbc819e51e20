"""`|crispy_cached`: crispy's `|crispy`, remembered for forms that are not bound.

The review page shows a dozen empty forms (a note form per section, the actions, the consultation form with
every BPS office) whose HTML depends only on their fields, choices, initial values, ids and the language.
Rendering them through crispy's templates on every view cost more than the rest of the page at national scale
(bench/national.py, docs/PERFORMANCE.md). A bound form (shown again with its errors) is always rendered, and so
is a form whose choices come from a query (the key would need the query's rows), unless they come named
(`review.forms.KeptChoices`: the consultation form's offices, named by the rows read): then the name stands for
them, and no option is listed again for the key."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}
_MAX_ENTRIES = 2000  # a few KB each; cleared when full (per process)


def _key(form) -> tuple | None:
    parts = [type(form).__module__, type(form).__qualname__, form.auto_id, form.prefix, get_language()]
    for name, field in form.fields.items():
        choices = getattr(field, "choices", ())
        if isinstance(choices, ModelChoiceIterator):
            return None
        widget = field.widget
        # Named choices (review.forms.KeptChoices: ~550 offices) stand in the key by their name.
        named = getattr(choices, "key", None)
        parts.append(
            (
                name,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                type(widget).__qualname__,
                repr(sorted(widget.attrs.items())),
                repr(form.get_initial_for_field(field, name)),
                named if named is not None else tuple((str(value), str(label)) for value, label in choices),
            )
        )
    return tuple(parts)


@register.filter
def crispy_cached(form):
    key = None if form.is_bound else _key(form)
    if key is None:
        return as_crispy_form(form)
    html = _rendered.get(key)
    if html is None:
        html = as_crispy_form(form)
        if len(_rendered) >= _MAX_ENTRIES:
            _rendered.clear()
        _rendered[key] = html
    return html
