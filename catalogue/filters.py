"""The catalogue's search form (django-filter). Parameter names are those of the page's address; the filtering
itself is `selectors.catalogue_search`, shared with the REST API."""

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from romantik.enums import RegionLevel
from romantik.models import Region
from romantik.widgets import LongSelect
from submissions.enums import Kind, Sector

from .enums import Decision
from .selectors import catalogue_count, catalogue_generation, catalogue_result_page, catalogue_search, catalogue_years


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=200)
    tahun = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    provinsi = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Region.objects.filter(level=RegionLevel.PROVINCE),
        to_field_name="code",
        empty_label=_("All provinces"),
    )
    kabkota = django_filters.ModelChoiceFilter(
        label=_("Regency/city"),
        queryset=Region.objects.filter(level=RegionLevel.REGENCY),
        to_field_name="code",
        empty_label=_("All regencies/cities"),
    )
    # A text box, not a list: some 5,000 agencies have an entry nationally. Words of the agency's name, or its id
    # (links from elsewhere, and the API's `agency`).
    instansi = django_filters.CharFilter(label=_("Agency"), max_length=200)
    sektor = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))
    jenis = django_filters.ChoiceFilter(label=_("Form"), choices=Kind.choices, empty_label=_("All forms"))
    keputusan = django_filters.ChoiceFilter(
        label=_("Decision"), choices=Decision.choices, empty_label=_("Any decision")
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset if queryset is not None else catalogue_search(), **kwargs)
        self.filters["tahun"].extra["choices"] = lambda: [(year, year) for year in self.years]
        province, regency = (data or {}).get("provinsi"), (data or {}).get("kabkota")
        regencies = Region.objects.filter(level=RegionLevel.REGENCY)
        if province:  # the regencies of the chosen province
            self.filters["kabkota"].queryset = regencies.filter(parent__code=province)
        elif regency:  # a link naming only a regency: that one (514 regencies are too many to list every time)
            self.filters["kabkota"].queryset = regencies.filter(code=regency)
        else:
            self.filters["kabkota"].queryset = regencies.none()
        self.filters["instansi"].extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Agency name")}
        )
        self.filters["q"].extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, purpose, variable or agency")}
        )
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                # 38 provinces, 22 sectors, the years: written in one pass, not a template per option.
                field.widget = LongSelect(attrs={"class": "form-select form-select-sm"}, choices=field.choices)
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def _arguments(self) -> dict:
        """The valid filters, as `selectors.catalogue_search` takes them (an invalid one is left out)."""
        data = self.form.cleaned_data
        return {
            "text": data.get("q") or "",
            "year": data.get("tahun") or None,
            "province": data.get("provinsi"),
            "regency": data.get("kabkota"),
            "agency": data.get("instansi") or None,
            "sector": data.get("sektor") or None,
            "kind": data.get("jenis") or None,
            "decision": data.get("keputusan") or None,
        }

    def filter_queryset(self, queryset):
        return catalogue_search(**self._arguments())

    @cached_property
    def years(self) -> list[int]:
        return catalogue_years()

    @cached_property
    def generation(self) -> int:
        """The catalogue's generation, read once for the count and the years (both cached by it)."""
        return catalogue_generation()

    def _valid_arguments(self) -> dict:
        if not self.is_bound:
            return {}
        self.errors  # validates the form, as `qs` does  # noqa: B018
        return self._arguments()

    def count(self) -> int:
        """The number of results, counted cheaply (`selectors.catalogue_count`)."""
        return catalogue_count(generation=self.generation, **self._valid_arguments())

    def page_rows(self, number: int, per_page: int) -> list:
        """The rows of page `number`, as `qs` would give them (`selectors.catalogue_result_page`)."""
        return catalogue_result_page(
            number=number, per_page=per_page, generation=self.generation, **self._valid_arguments()
        )
