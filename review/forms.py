"""Forms of the review page. They only shape the input; the services check it (and say why when they refuse)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from romantik.enums import Role
from romantik.models import Office, OfficeRole
from romantik.selectors import staff_with_roles
from romantik.widgets import LongSelect, PickerSelect
from submissions.states import State


def _text(label, *, rows=3, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ActionForm(forms.Form):
    """A button without input (accept as complete, take)."""


class ReturnIncompleteForm(forms.Form):
    note = _text(_("What is missing"), help_text=_("The agency reads this and completes the form."))


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers of this office"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reviewer.")},
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = staff_with_roles(office, {Role.REVIEWER})


class NoteForm(forms.Form):
    """A note on one section; optionally on one question of it (`questions`: [(field, label), ...])."""

    section = forms.CharField(widget=forms.HiddenInput)
    field = forms.ChoiceField(label=_("Question"), required=False, widget=LongSelect)
    text = _text(_("Note for the agency"))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("The whole section")), *questions]
        if not questions:
            self.fields["field"].widget = forms.HiddenInput()


class CommentForm(forms.Form):
    text = _text(_("Internal comment"), help_text=_("Only BPS staff see comments; the agency never does."))


class KeptChoices(BaseChoiceIterator):
    """Choices named by `key`: `|crispy_cached` keys the rendered form by it instead of by every option, and Django
    takes them as they are (no normalising copy); iterated, they skip the value `exclude`."""

    def __init__(self, choices: tuple, *, key: tuple, exclude=None):
        self.choices, self.key, self.exclude = choices, key, exclude

    def __iter__(self):
        exclude = self.exclude
        return (choice for choice in self.choices if choice[0] != exclude)


_office_rows: tuple = ()


def office_choices(*, exclude: int) -> KeptChoices:
    """Every BPS office as the consultation form offers it ("code name", by code), but `exclude`: one plain query
    of what the options show, on every view, so an office added or renamed anywhere is offered at once. The
    rows themselves are the key of the form's kept HTML (issue 20: building the 552 options, normalising them
    and listing them again for the key cost 3-4 ms a view; comparing the rows with the kept key costs
    microseconds)."""
    global _office_rows
    meta, quote = Office._meta, connection.ops.quote_name
    code_column, name_column = (quote(meta.get_field(field).column) for field in ("code", "name"))
    with connection.cursor() as cursor:  # a plain SELECT: the ORM's compiling it cost as much as the rows (issue 20)
        cursor.execute(
            f"SELECT {quote(meta.pk.column)}, {code_column}, {name_column} "  # noqa: S608
            f"FROM {quote(meta.db_table)} ORDER BY {code_column}"
        )
        listed = cursor.fetchall()
    rows = (("", "—"), *((pk, f"{code} {name}") for pk, code, name in listed))
    if rows == _office_rows:
        rows = _office_rows  # one copy per process, shared by the kept forms' keys
    else:
        _office_rows = rows
    return KeptChoices(rows, key=("offices", rows, exclude), exclude=exclude)


class ConsultationForm(forms.Form):
    to_email = forms.EmailField(
        label=_("Colleague's e-mail"),
        required=False,
        help_text=_("Any BPS staff member, for example a subject-matter colleague."),
    )
    to_office = forms.ModelChoiceField(
        label=_("or another office"),
        queryset=Office.objects.none(),
        required=False,
        empty_label="—",
        widget=PickerSelect,  # ~550 offices, searchable (static/js/pickers.js)
    )
    question = _text(_("Question"))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        # The queryset validates the choice (so it is made only for a form sent: an empty form validates nothing,
        # issue 20); all ~550 offices are offered (`office_choices`), and the empty form's HTML is kept by
        # |crispy_cached under the rows it shows.
        if self.is_bound:
            self.fields["to_office"].queryset = Office.objects.exclude(pk=office.pk).order_by("code")
        self.fields["to_office"].choices = office_choices(exclude=office.pk)

    def clean_to_email(self):
        email = self.cleaned_data.get("to_email")
        if not email:
            return None
        staff = OfficeRole.objects.filter(user__email__iexact=email).select_related("user").first()
        if staff is None:
            raise forms.ValidationError(_("No BPS staff member has the e-mail address %(email)s.") % {"email": email})
        return staff.user

    def clean(self):
        data = super().clean()
        if data.get("to_email") and data.get("to_office"):
            raise forms.ValidationError(_("Ask either a colleague or an office, not both."))
        return data


class AnswerForm(forms.Form):
    answer = _text(_("Answer"))


class RevisionForm(forms.Form):
    note = _text(
        _("Covering note to the agency (optional)"),
        help_text=_("The notes on the sections are sent with it."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(State.FEASIBLE, _("Feasible (layak)")), (State.NOT_FEASIBLE, _("Not feasible (tidak layak)"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose layak or tidak layak.")},
    )
    text = _text(
        _("Advice (if feasible) or reasons (if not feasible)"),
        rows=5,
        help_text=_("Goes into the letter; the head approves it first."),
    )


class ResponseForm(forms.Form):
    """The agency's answer to a note."""

    response = _text(_("Your response"), rows=2)
