"""Links to the same page of many objects: one `reverse()`, then a `str.format` per object.

A page of fifty queue rows, or a sweep of thousands of reminders, links each submission to the same page.
`reverse()` costs about 25 µs a call (it matches the value against the route and quotes the result); a
`str.format` well under 1 µs. So such code asks once for the page's pattern and formats it per object:

    review_page = pk_url_pattern("review:detail")     # "/periksa/{pk}/"
    url = review_page.format(pk=submission.pk)        # the same as reverse("review:detail", kwargs={"pk": ...})
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# reverse() writes only what the route accepts (digits, for <int:pk>): the pattern is reversed for this pk, which
# must then stand exactly once in the URL, and becomes the {pk} field there.
SAMPLE_PK = 9081726354


def pk_url_pattern(viewname: str) -> str:
    """The URL of `viewname` (a page taking one `pk`) as a format string with a `{pk}` field."""
    sample = str(SAMPLE_PK)
    url = reverse(viewname, kwargs={"pk": SAMPLE_PK})
    if url.count(sample) != 1 or "{" in url or "}" in url:
        raise ImproperlyConfigured(f"{viewname}: no format pattern from {url!r} (the pk must stand in it once)")
    return url.replace(sample, "{pk}")


# What `reversed_once` and `pk_url_patterns` worked out, per URL configuration, script prefix and language.
_kept: dict[tuple, object] = {}


def _kept_for(what: tuple, make):
    key = (what, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language())
    found = _kept.get(key)
    if found is None:
        found = _kept[key] = make()
    return found


def reversed_once(*names: str) -> tuple[str, ...]:
    """`reverse(name)` of each of `names` (routes without arguments), worked out once per process for each URL
    configuration, script prefix and language: for code that compares every request's path with them."""
    return _kept_for(("reversed", names), lambda: tuple(reverse(name) for name in names))


def pk_url_patterns(names: dict[str, str]) -> dict[str, str]:
    """`pk_url_pattern` of each view in `names` ({key: viewname}), worked out once as `reversed_once` is."""
    return _kept_for(
        ("patterns", tuple(names.items())), lambda: {key: pk_url_pattern(view) for key, view in names.items()}
    )


def _setting_changed(**kwargs):
    _kept.clear()


setting_changed.connect(_setting_changed, dispatch_uid="romantik-links-kept")
