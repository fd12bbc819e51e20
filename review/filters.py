"""Filters of the office queue (django-filter). Parameter names are those of the page's address."""

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from romantik.enums import Role
from romantik.selectors import staff_with_roles
from romantik.widgets import LongSelect
from submissions.enums import Channel, Kind
from submissions.states import State

from . import selectors

# Every state a submission can have once it reached the office.
QUEUE_STATE_CHOICES = [(value, label) for value, label in State.choices if value != State.DRAFT]

DUE_SOON, OVERDUE = "segera", "terlambat"
DEADLINE_CHOICES = [(DUE_SOON, _("Due soon")), (OVERDUE, _("Overdue"))]


class _LightlyCopied(dict):
    """The filter set's filters (`base_filters`), which django-filter deep-copies for each filter set
    (`copy.deepcopy`: labels, choices and lookups included, ~0.3 ms a view; issue 20): copied instead filter by
    filter with its own `extra` (the only thing of a filter `QueueFilter` changes, by assigning its keys) and its
    method bound to the copy; its other attributes are assigned, never changed in place, by django-filter."""

    def __deepcopy__(self, memo):
        filters = {}
        for name, each in self.items():
            copied = copy.copy(each)
            copied.extra = dict(each.extra)
            if each.method is not None:
                copied.method = each.method  # a FilterMethod of the copy, whose parent is the new filter set
            filters[name] = copied
        return filters


class QueueFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        field_name="state",
        label=_("State"),
        choices=QUEUE_STATE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    jenis = django_filters.ChoiceFilter(
        field_name="kind", label=_("Form"), choices=Kind.choices, empty_label=_("All forms")
    )
    kanal = django_filters.ChoiceFilter(
        field_name="channel", label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    # One assignment per reviewer and submission (a unique constraint): no duplicate rows, no DISTINCT.
    pemeriksa = django_filters.ModelChoiceFilter(
        field_name="assignments__reviewer", label=_("Reviewer"), empty_label=_("All reviewers"), distinct=False
    )
    tahun = django_filters.ChoiceFilter(field_name="year", label=_("Year"), empty_label=_("All years"))
    tenggat = django_filters.ChoiceFilter(
        method="filter_deadline", label=_("Deadline"), choices=DEADLINE_CHOICES, empty_label=_("Any deadline")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))

    def __init__(self, data=None, queryset=None, *, office, today, calendar, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.office, self.today, self.calendar = office, today, calendar
        # The office's reviewers and years as plain values, read once each (a query compiled once per process; not
        # a server-side cursor of models), for the selects' options and the key of the form's kept HTML
        # (review.views.queue). A reviewer chosen is checked by the field's queryset, as Django's
        # ModelChoiceField does; the option's label is the person's name (User.__str__).
        self.filters["pemeriksa"].queryset = staff_with_roles(office, {Role.REVIEWER}).only("pk", "full_name", "email")
        self.reviewer_options = selectors.office_reviewers(office)
        self.years = selectors.office_years(office)
        self.filters["tahun"].extra["choices"] = [(year, year) for year in self.years]
        self.filters["q"].extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, title or agency")}
        )
        # The form's class is built once per process (get_form_class); what is the office's own is set on this
        # form's fields (copies of the class's), as the filters above would have made them.
        fields = self.form.fields
        fields["pemeriksa"].queryset = self.filters["pemeriksa"].queryset
        fields["tahun"].choices = self.filters["tahun"].extra["choices"]
        for name, field in fields.items():
            if name == "status":
                field.widget.attrs["class"] = "form-check-input"
            elif name == "pemeriksa":  # the options as read above, not the queryset iterated again
                options = (("", field.empty_label), *self.reviewer_options)
                field.widget = LongSelect(attrs={"class": "form-select form-select-sm"}, choices=options)
            elif isinstance(field.widget, forms.Select):
                # Written in one pass (romantik.widgets.LongSelect), not a template per option (issue 20).
                field.widget = LongSelect(attrs={"class": "form-select form-select-sm"}, choices=field.choices)
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def get_form_class(self):
        """django-filter's form class for these filters, built once per process (it builds a class and its seven
        fields on every view: ~0.5 ms, issue 20). Its fields' labels and widgets are the filters' and the same for
        every office; the office's reviewers and years are set on each form's own fields (`__init__`)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def state_boxes(self) -> list[tuple[str, str, str, bool, bool]]:
        """The state checkboxes as the template writes them: (id, value, label, ticked, invalid) each, the same as
        Django's CheckboxSelectMultiple would (aria-invalid on each box of a refused value), without its template
        per box (issue 20)."""
        field = self.form["status"]
        ticked = {str(value) for value in field.value() or ()}
        invalid = bool(field.errors)
        return [
            (f"{field.auto_id}_{index}", value, str(label), value in ticked, invalid)
            for index, (value, label) in enumerate(self.form.fields["status"].choices)
        ]

    def filter_deadline(self, queryset, name, value):
        if value == DUE_SOON:
            return queryset.filter(selectors.due_soon(self.calendar, self.today))
        if value == OVERDUE:
            return queryset.filter(selectors.overdue(self.calendar, self.today))
        return queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The agency's name through the ids of the matching agencies, read first (selectors.agencies_named), not a
        # join or a subquery: the join made PostgreSQL hash every agency for the page and again for its count, and a
        # subquery (a hashed subplan) kept the OR from using the indexes of its three arms, so every row of the
        # office in those states was read: 4.5 ms for the count and 5.6 for the page at 100k (issue 20). The ids go
        # into the SQL as Django's `__in` writes them, without its preparing each one on every compile (among_ids).
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | selectors.among_ids("agency_id", selectors.agencies_named(value))
        )


QueueFilter.base_filters = _LightlyCopied(QueueFilter.base_filters)
