"""Filters of the office queue (django-filter). Parameter names are those of the page's address."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from romantik.enums import Role
from romantik.selectors import staff_with_roles
from submissions.enums import Channel, Kind
from submissions.states import State

from . import selectors

# Every state a submission can have once it reached the office.
QUEUE_STATE_CHOICES = [(value, label) for value, label in State.choices if value != State.DRAFT]

DUE_SOON, OVERDUE = "segera", "terlambat"
DEADLINE_CHOICES = [(DUE_SOON, _("Due soon")), (OVERDUE, _("Overdue"))]


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
        self.filters["pemeriksa"].queryset = staff_with_roles(office, {Role.REVIEWER})
        years = (
            self.queryset.model.objects.filter(office=office, year__isnull=False)
            .exclude(state=State.DRAFT)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.filters["tahun"].extra["choices"] = lambda: [(year, year) for year in years]
        self.filters["q"].extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, title or agency")}
        )
        for name, field in self.form.fields.items():
            if name == "status":
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

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
        # join: the join made PostgreSQL hash every agency for the page and again for its count, and a subquery
        # kept the OR from using the indexes of its three arms (issue 20).
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(agency_id__in=selectors.agencies_named(value))
        )
