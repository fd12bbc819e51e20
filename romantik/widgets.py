"""Form widgets shared by the apps: the fast long <select>, and the searchable pickers.

A picker is a plain <select> the server fills, marked with data attributes that static/js/pickers.js reads to
turn it into a Tom Select (search as you type, keyboard and screen-reader friendly). Without JavaScript the
<select> is the picker, so every form still works:

* a list of at most FULL_LIST_MAX options (offices, regions, one office's agencies) is written whole and searched
  in the browser;
* a longer list (every agency in the country) is "remote": the browser asks romantik.pickers' JSON endpoint as
  the person types; without JavaScript the <select> holds the chosen option and the matches of a search box
  under it (a <noscript> text field and button: the form comes back with the matches to choose from), since a
  <select> of thousands of options is slow to send and to scroll;
* a cascade (data-depends-on): the regencies of the province chosen in another field. The server narrows the
  field's queryset to that province (so its options and its validation follow it, with a message that says
  so), and the browser reloads the options when the province changes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .pickers import PAGE_SIZE, QUERY_MAX_LENGTH

FULL_LIST_MAX = 600  # options written into the page; above this the list is searched on the server


class LongSelect(forms.Select):
    """A <select> of hundreds of options (every BPS office, every regency), written in one pass: Django's widget
    template includes a template per option, which for ~550 offices cost more than the rest of the review page
    together (bench/national.py, docs/PERFORMANCE.md). Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class PickerSelect(LongSelect):
    """A searchable <select> (see the module's doc). `parent_attr`: the attribute of a model choice written as
    the option's data-parent (a cascade's parent, which the browser filters by)."""

    search_suffix, button_suffix = "__q", "__search"

    def __init__(self, attrs=None, choices=(), *, parent_attr: str = ""):
        super().__init__(attrs, choices)
        self.parent_attr = parent_attr
        self.search_text = ""
        self.search_pressed = False

    def value_from_datadict(self, data, files, name):
        # The no-JavaScript search of a remote picker comes with the form: keep it for the field and the render.
        self.search_text = (data.get(name + self.search_suffix) or "").strip()[:QUERY_MAX_LENGTH]
        self.search_pressed = name + self.button_suffix in data
        return super().value_from_datadict(data, files, name)

    def _field(self):
        return getattr(self.choices, "field", None)

    def render(self, name, value, attrs=None, renderer=None):
        field = self._field()
        values = [str(v) for v in self.format_value(value) if v not in (None, "")]
        remote = bool(field is not None and getattr(field, "is_remote", lambda: False)())
        choices = field.picker_choices(values, self.search_text) if remote else self.choices
        final = self.build_attrs(self.attrs, attrs)
        final["data-picker"] = "remote" if remote else "local"
        url = field.picker_url() if field is not None and hasattr(field, "picker_url") else ""
        if url:
            final["data-picker-url"] = url
        depends_on = getattr(field, "depends_on", "")
        if depends_on:
            final["data-depends-on"] = depends_on
            final["data-depends-param"] = getattr(field, "depends_param", "parent")
        final["data-picker-no-results"] = _("No match. Try another word.")
        final["data-picker-type"] = _("Type a few letters to search…")
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = set(values)
        options = format_html_join("", '<option value="{}"{}{}>{}</option>', self._options(choices, selected))
        html = format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)
        if remote:
            html += self._search_box(name, final.get("id", ""))
        return html

    def _options(self, choices, selected):
        for key, label in choices:
            parent = ""
            instance = getattr(key, "instance", None)
            if self.parent_attr and instance is not None:
                value = getattr(instance, self.parent_attr)
                parent = format_html(' data-parent="{}"', "" if value is None else value)
            yield str(key), " selected" if str(key) in selected else "", parent, label

    def _search_box(self, name, select_id):
        """Without JavaScript: a search field and a button; the form comes back with the matches in the list."""
        return format_html(
            '<noscript><div class="input-group input-group-sm mt-1">'
            '<input type="search" class="form-control" name="{}" value="{}" id="{}" aria-label="{}" '
            'autocomplete="off" maxlength="{}">'
            '<button type="submit" class="btn btn-outline-secondary" name="{}" value="1" formnovalidate>{}</button>'
            '</div><div class="form-text">{}</div></noscript>',
            name + self.search_suffix,
            self.search_text,
            f"{select_id}{self.search_suffix}" if select_id else "",
            _("Search the list"),
            QUERY_MAX_LENGTH,
            name + self.button_suffix,
            _("Search"),
            _("Type part of the name and press Search; then choose from the list above."),
        )


class PickerSelectMultiple(PickerSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        super().value_from_datadict(data, files, name)
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False  # as SelectMultiple: an empty multi-select sends nothing


class PickerFieldMixin:
    """For model choice fields: where the browser asks for options (`source`: a URL name of romantik.pickers,
    `source_query`: its fixed parameters), whether the list is sent whole (at most `full_list_max` options)
    or searched on the server (`search`: a function (queryset, text) -> queryset), and an optional cascade
    (`depends_on`: the parent field's name; `parent_lookup`: this model's field holding the parent's pk, as
    parent_id; `depends_param`: the endpoint's parameter for it)."""

    def __init__(
        self,
        *args,
        source: str = "",
        source_query: dict | None = None,
        search=None,
        full_list_max: int | None = None,
        depends_on: str = "",
        parent_lookup: str = "",
        depends_param: str = "parent",
        wrong_parent_message=None,
        **kwargs,
    ):
        kwargs.setdefault("widget", PickerSelectMultiple if self._multiple else PickerSelect)
        super().__init__(*args, **kwargs)
        self.source, self.source_query, self.search = source, dict(source_query or {}), search
        self.full_list_max = full_list_max
        self.depends_on, self.parent_lookup, self.depends_param = depends_on, parent_lookup, depends_param
        if parent_lookup and hasattr(self.widget, "parent_attr"):
            self.widget.parent_attr = parent_lookup  # an attribute too (parent_id): each option's data-parent
        self.unnarrowed = None
        if wrong_parent_message is not None:
            self.error_messages["wrong_parent"] = wrong_parent_message
        self._count = None

    _multiple = False

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.source_query = dict(self.source_query)
        result._count = None
        return result

    # --- remote lists ------------------------------------------------------------------------------------
    def picker_url(self) -> str:
        if not self.source:
            return ""
        url = reverse(self.source)
        return f"{url}?{urlencode(self.source_query)}" if self.source_query else url

    def is_remote(self) -> bool:
        if self.full_list_max is None or self.search is None:
            return False
        if self._count is None:
            self._count = self.queryset.count()
        return self._count > self.full_list_max

    def picker_choices(self, values, text):
        """A remote list's options: the empty one, those chosen, and the first matches of the search text."""
        chosen = [int(v) for v in values if str(v).isdigit()]
        rows = list(self.queryset.filter(pk__in=chosen)) if chosen else []
        if text:
            rows += [obj for obj in self.search(self.queryset, text)[:PAGE_SIZE] if obj.pk not in chosen]
        iterator = self.iterator(self)
        empty = [("", self.empty_label)] if getattr(self, "empty_label", None) is not None else []
        return empty + [iterator.choice(obj) for obj in rows]

    def _search_refusal(self):
        """Without JavaScript, the Search button sends the form to find matches: it comes back with them."""
        text = self.widget.search_text
        if not text:
            return ValidationError(_("Type part of the name in the search field first."), code="search")
        count = self.search(self.queryset, text).count()
        if not count:
            return ValidationError(_("Nothing matches “%(text)s”. Try another word.") % {"text": text}, code="search")
        return ValidationError(
            _("%(count)s match “%(text)s”: choose one in the list (the first %(shown)s are shown).")
            % {"count": count, "text": text, "shown": min(count, PAGE_SIZE)},
            code="search",
        )

    def clean(self, value):
        if getattr(self.widget, "search_pressed", False) and self.search is not None and self.is_remote():
            raise self._search_refusal()
        return super().clean(value)

    # --- cascades ----------------------------------------------------------------------------------------
    def narrow(self, parent_value):
        """Only the children of the parent chosen (its pk); nothing chosen or unreadable: every option."""
        parent = str(parent_value if parent_value is not None else "").strip()
        if not self.parent_lookup or not parent.isdigit():
            return
        if self.unnarrowed is None:
            self.unnarrowed = self.queryset
        self.queryset = self.unnarrowed.filter(**{self.parent_lookup: int(parent)})

    def _wrong_parent(self, value, error):
        """A valid option of another parent is refused with the cascade's own message."""
        if self.unnarrowed is None or error.code != "invalid_choice" or "wrong_parent" not in self.error_messages:
            return error
        key = self.to_field_name or "pk"
        try:
            found = self.unnarrowed.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        return ValidationError(self.error_messages["wrong_parent"], code="wrong_parent") if found else error


class PickerModelChoiceField(PickerFieldMixin, forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise self._wrong_parent(value, error) from None


class PickerModelMultipleChoiceField(PickerFieldMixin, forms.ModelMultipleChoiceField):
    _multiple = True


class CascadeFormMixin:
    """Narrows every picker with `depends_on` to the parent chosen: the bound data, else the initial value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            parent = getattr(field, "depends_on", "")
            if parent and parent in self.fields and isinstance(field, PickerFieldMixin):
                field.narrow(self[parent].value())
