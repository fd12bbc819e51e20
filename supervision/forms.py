from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .selectors import Period


class PeriodForm(forms.Form):
    """A year and optionally a month (GET `tahun`, `bulan`; this year when none is given)."""

    tahun = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    bulan = forms.TypedChoiceField(label=_("Month"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, years=(), **kwargs):
        data = data.copy()
        if not data.get("tahun"):
            data["tahun"] = str(timezone.localdate().year)
        super().__init__(data, **kwargs)
        self.years = years
        self.fields["bulan"].choices = [("", gettext("Whole year")), *((m, MONTHS[m]) for m in range(1, 13))]

    def period(self) -> Period | None:
        if not self.is_valid():
            return None
        return Period(self.cleaned_data["tahun"], self.cleaned_data["bulan"])


class BurdenYearForm(forms.Form):
    """The respondent burden's year (GET `tahun`; none: every year)."""

    tahun = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages={
            "invalid": _("Choose a year from the list."),
            "min_value": _("Choose a year from the list."),
            "max_value": _("Choose a year from the list."),
        },
    )

    def __init__(self, data, *, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.years = years
