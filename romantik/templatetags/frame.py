"""`{% kept "name" value ... %}…{% endkept %}`: a part of the page frame (base.html) rendered once per process for
each combination of what it shows, then given out as it was (issue 20: every signed-in page renders the frame, and
its links, translations and static URLs cost more than many a page's own work).

The key is the tag (each parsed tag its own), every value the tag is given (evaluated in this request), the active
language, the URL prefix and URL configuration, and the static URL: a kept part may show only those. What
differs per request or per person (the CSRF token, the page's own address, the person's name, messages, the CSP
nonce) stays outside every kept part, in the template itself. A list of values is keyed as a tuple of them.
Nothing is invalidated: another value is another key; an entry lives at most KEPT_SECONDS, the least recently
used go first beyond KEPT_MOST entries, and a changed setting (tests) empties the store."""

from itertools import count

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import mark_safe

from romantik.kept import Kept

register = template.Library()

KEPT_SECONDS = 3600
KEPT_MOST = 4000
_kept = Kept(ttl=KEPT_SECONDS, most=KEPT_MOST)
# Each parsed {% kept %} tag has a number of its own: a template parsed again (changed on disk, in development)
# keeps its parts under new keys, never the old text.
_parsed = count()


def _setting_changed(**kwargs):
    _kept.clear()


setting_changed.connect(_setting_changed, dispatch_uid="romantik-frame-kept")


def _hashable(value):
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(value)) if isinstance(value, set | frozenset) else tuple(value)
    hash(value)  # a value that cannot be a key is an error of the template, not a silent miss
    return value


class KeptNode(template.Node):
    def __init__(self, name: str, values: list, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist
        self.number = next(_parsed)

    def render(self, context):
        key = (
            self.number,
            self.name,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            settings.STATIC_URL,
            *(_hashable(value.resolve(context)) for value in self.values),
        )
        return _kept.get(key, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    name = bits[1].strip("\"'")
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(name, values, nodelist)


def kept_clear() -> None:
    """Forget every kept part (tests)."""
    _kept.clear()
