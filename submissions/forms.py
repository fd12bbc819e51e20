"""Section forms, generated from `sections.SECTIONS`, and the table row forms.

A section form saves a draft whatever is missing; only type errors and the
cross-field checks stop it. In strict mode (completeness, submit) every
question that applies must be answered too.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from classifications.selectors import classification_choices
from romantik.enums import RegionLevel
from romantik.models import Region
from romantik.widgets import CascadeFormMixin, PickerModelChoiceField, PickerModelMultipleChoiceField

from . import enums
from .models import PHASES, Indicator, Submission, Variable
from .sections import Question, Section

UNKNOWN_CLASSIFICATION = _("“%(value)s” is not one of the standard classifications shipped with the portal.")
REQUIRED_MESSAGE = _("Answer this question before submitting.")
REGENCY_OUTSIDE_PROVINCE = _("This regency/city is not in the province chosen above.")

# Multi-selects stored as lists of official codes.
MULTI_CHOICES = {
    "collection_methods": enums.CollectionMethod,
    "collection_means": enums.CollectionMeans,
    "collection_units": enums.Unit,
    "quality_checks": enums.QualityCheck,
    "analysis_units": enums.Unit,
    "presentation_levels": enums.PresentationLevel,
}
YES_NO = [(True, _("Yes")), (False, _("No"))]
# 6.8, respondent burden (issue 22): a census of every person is under 300 million; ten hours per questionnaire.
MAX_RESPONDENTS = 1_000_000_000
MAX_QUESTIONNAIRE_MINUTES = 600


class DecimalInput(forms.DecimalField):
    """Accepts both 0,05 and 0.05: Indonesian users type a decimal comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """A stored decimal as typed: 0,05 (the language's separator), not the column's 0.050000."""
        if isinstance(value, Decimal):
            return formats.number_format(value.normalize())
        return super().prepare_value(value)


class RegionChoiceField(PickerModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.display_name}"


class RegionMultipleChoiceField(PickerModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.display_name}"


def _formfield(db_field: models.Field, **kwargs):
    """Widgets a busy official can use quickly; every field optional (drafts)."""
    name = db_field.name
    if name in MULTI_CHOICES:
        return forms.TypedMultipleChoiceField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            choices=MULTI_CHOICES[name].choices,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    if isinstance(db_field, models.BooleanField):
        return forms.NullBooleanField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            required=False,
            widget=forms.RadioSelect(choices=YES_NO),
        )
    if isinstance(db_field, models.DateField):
        return forms.DateField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            required=False,
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        )
    if isinstance(db_field, models.DecimalField):
        return DecimalInput(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            required=False,
            max_digits=db_field.max_digits,
            decimal_places=db_field.decimal_places,
        )
    if name in ("respondents_count", "questionnaire_minutes"):
        # The bounds are checked by the form's clean_<name>, with their own message (not the browser's).
        return forms.IntegerField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            required=False,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={"invalid": _("Enter a whole number, for example 1200.")},
        )
    if name == "coverage_regions":
        return RegionMultipleChoiceField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            queryset=Region.objects.all(),
            required=False,
        )
    if name == "organizer_province":
        return RegionChoiceField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            queryset=Region.objects.filter(level=RegionLevel.PROVINCE),
            required=False,
        )
    if name == "organizer_regency":
        # A cascade: only the regencies/cities of the province chosen (romantik.widgets.CascadeFormMixin).
        return RegionChoiceField(
            label=db_field.verbose_name,
            help_text=db_field.help_text,
            queryset=Region.objects.filter(level=RegionLevel.REGENCY),
            required=False,
            source="picker_regions",
            source_query={"level": RegionLevel.REGENCY.value},
            depends_on="organizer_province",
            parent_lookup="parent_id",
            wrong_parent_message=REGENCY_OUTSIDE_PROVINCE,
        )
    field = db_field.formfield(required=False, **kwargs)
    if db_field.choices and len(db_field.choices) <= 4:
        field.widget = forms.RadioSelect(choices=field.choices[1:] if field.choices[0][0] == "" else field.choices)
    elif isinstance(db_field, models.TextField):
        field.widget = forms.Textarea(attrs={"rows": 3})
    return field


class SectionForm(CascadeFormMixin, forms.ModelForm):
    """Base of every generated section form. `section` and the questions are set by `section_form`."""

    section: Section
    questions: tuple[Question, ...]

    def __init__(self, *args, strict: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.strict = strict
        for question in self.questions:
            field = self.fields[question.field]
            field.label = self.label_of(question)
            field.question = question
            if question.when:
                other, values = question.when
                field.widget.attrs["data-show-if"] = f"{other}={'|'.join(sorted(values))}"
            if question.required:
                field.widget.attrs["data-required"] = "1"

    @classmethod
    def label_of(cls, question: Question) -> str:
        """'3.1 Background': the question's label with its number (the header's questions have none)."""
        label = cls.base_fields[question.field].label
        return label if question.number == "–" else f"{question.number} {label}"

    # --- helpers -----------------------------------------------------------
    def _shown(self, question: Question) -> bool:
        return question.shown_with(self.cleaned_data.get)

    @staticmethod
    def _empty(value) -> bool:
        if isinstance(value, models.QuerySet):
            return not value.exists()
        return value in (None, "", [], ())

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = question.field
            if name in self.errors:
                continue
            if not self._shown(question):
                # Hidden by another answer: forget it, so the form never holds inapplicable data.
                field = self.fields[name]
                many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                data[name] = field.clean([] if many else None)
                continue
            if self.strict and question.required and self._empty(data.get(name)):
                self.add_error(name, REQUIRED_MESSAGE)
        self.check_consistency(data)
        return data

    def check_consistency(self, data):
        """Cross-field checks of the section; run on every save, not only on submit."""
        key = self.section.key
        if key == "1":
            province, regency = data.get("organizer_province"), data.get("organizer_regency")
            if province and regency and regency.parent_id != province.pk:
                self.add_error("organizer_regency", REGENCY_OUTSIDE_PROVINCE)
        elif key == "3":
            self._check_schedule(data)
        elif key == "5":
            self._check_sample(data)

    def _check_schedule(self, data):
        previous = None  # (label, start) of the last phase with a start date
        for phase, label in PHASES:
            start, end = data.get(f"{phase}_start"), data.get(f"{phase}_end")
            if start and end and end < start:
                self.add_error(
                    f"{phase}_end", _("The end date may not be before the start date (%(label)s).") % {"label": label}
                )
            if start and previous and start < previous[1]:
                self.add_error(
                    f"{phase}_start",
                    _("%(label)s may not start before %(previous)s starts: the phases follow this order.")
                    % {"label": label, "previous": previous[0]},
                )
            if start:
                previous = (label, start)

    def _check_sample(self, data):
        selection, method = data.get("sample_selection"), data.get("sample_method")
        if selection and method:
            if selection == enums.SampleSelection.PROBABILITY and method not in enums.PROBABILITY_METHODS:
                self.add_error(
                    "sample_method",
                    _(
                        "%(method)s is a non-probability method, but 5.2 says probability: choose one of methods 1–5 "
                        "or change 5.2."
                    )
                    % {"method": enums.SampleMethod(method).label},
                )
            elif selection == enums.SampleSelection.NON_PROBABILITY and method not in enums.NON_PROBABILITY_METHODS:
                self.add_error(
                    "sample_method",
                    _(
                        "%(method)s is a probability method, but 5.2 says non-probability: choose one of methods 6–10 "
                        "or change 5.2."
                    )
                    % {"method": enums.SampleMethod(method).label},
                )
        fraction = data.get("sample_fraction")
        if fraction is not None and not (Decimal(0) < fraction <= Decimal(1)):
            self.add_error("sample_fraction", _("The sampling fraction must be greater than 0 and at most 1."))
        error = data.get("sampling_error")
        if error is not None and not (Decimal(0) <= error <= Decimal(100)):
            self.add_error("sampling_error", _("The sampling error is a percentage between 0 and 100."))

    def clean_respondents_count(self):
        respondents = self.cleaned_data.get("respondents_count")
        if respondents is not None and not (1 <= respondents <= MAX_RESPONDENTS):
            raise ValidationError(
                _("Enter the number of respondents: at least 1, at most %(max)s.")
                % {"max": formats.number_format(MAX_RESPONDENTS, force_grouping=True)}
            )
        return respondents

    def clean_questionnaire_minutes(self):
        minutes = self.cleaned_data.get("questionnaire_minutes")
        if minutes is not None and not (1 <= minutes <= MAX_QUESTIONNAIRE_MINUTES):
            raise ValidationError(
                _("Enter the minutes one questionnaire takes: between 1 and %(max)s (ten hours).")
                % {"max": MAX_QUESTIONNAIRE_MINUTES}
            )
        return minutes

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not (2000 <= year <= 2100):
            raise ValidationError(_("Enter a year between 2000 and 2100."))
        return year


# Built once per section and set of questions: a page showing every section (the review page, the
# completeness panel) would otherwise build a dozen model form classes per request.
_SECTION_FORM_CLASSES: dict[tuple[str, tuple[str, ...]], type] = {}


def section_form(section: Section, submission: Submission) -> type[SectionForm]:
    """The form class for one section of one submission (its questions depend on kind and answers)."""
    questions = section.questions_for(submission)
    key = (section.key, tuple(q.field for q in questions))
    form_class = _SECTION_FORM_CLASSES.get(key)
    if form_class is None:
        base = forms.modelform_factory(
            Submission, form=SectionForm, fields=[q.field for q in questions], formfield_callback=_formfield
        )
        name = f"Section{section.key.capitalize()}Form"
        form_class = type(name, (base,), {"section": section, "questions": tuple(questions)})
        _SECTION_FORM_CLASSES[key] = form_class
    return form_class


def form_data_from_instance(form: forms.ModelForm) -> dict:
    """The saved answers as form data, so a strict form can check a stored submission."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            value = list(value or [])
        data[name] = value
    return data


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which form?"),
        choices=enums.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "FS3 for a survey, FP-KPA for a compilation of administrative records; MS-Keg is the newer "
            "activity metadata form that covers both."
        ),
    )
    title = forms.CharField(
        label=_("Activity title"), max_length=250, required=False, help_text=_("You can change it later.")
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the submission withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the activity was cancelled, or it will be submitted again with another design."),
        error_messages={"required": _("Say why the submission is withdrawn; the office reads this.")},
    )


class VariableForm(forms.ModelForm):
    class Meta:
        model = Variable
        fields = list(Variable.FORM_FIELDS)
        widgets = {
            "concept": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 2}),
            "question_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Four choices: radio buttons, as in the section forms, without the empty "---------" choice.
        self.fields["data_type"].choices = enums.DataType.choices
        self.fields["data_type"].widget = forms.RadioSelect(choices=enums.DataType.choices)
        # A standard BPS classification (issue 22): one of the shipped ones (classifications/data/), or none.
        model_field = Variable._meta.get_field("standard_classification")
        self.fields["standard_classification"] = forms.ChoiceField(
            label=model_field.verbose_name,
            help_text=model_field.help_text,
            required=False,
            choices=[
                ("", _("None (the answer classification above is not a standard one)")),
                *classification_choices(),
            ],
            error_messages={"invalid_choice": UNKNOWN_CLASSIFICATION},
        )
        if kind == enums.Kind.FPKPA:
            self.fields["source"].required = True
        else:
            del self.fields["source"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(Indicator.FORM_FIELDS)
        widgets = {
            "concept": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 2}),
            "method": forms.Textarea(attrs={"rows": 2}),
            "building_indicators": forms.Textarea(attrs={"rows": 2}),
            "building_variables": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("composite") and not (data.get("building_indicators") or "").strip():
            self.add_error("building_indicators", _("A composite indicator lists the indicators it combines."))
        return data
