from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .enums import ELEMENTS
from .services import MAX_COMMENT, Answers


class RatingForm(forms.Form):
    """The nine questions (each with its own four answers) and a comment; the same for the agency page
    and the kiosk. Rendered by templates/satisfaction/_questions.html as large radio buttons."""

    comment = forms.CharField(
        label=_("Comments or suggestions (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for element in ELEMENTS:
            self.fields[element.field] = forms.TypedChoiceField(
                label=element.question,
                choices=element.choices,
                coerce=int,
                # Bootstrap's btn-check: a real radio (keyboard, screen readers) drawn as a large button.
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": _("Choose one of the four answers.")},
            )
        self.order_fields([e.field for e in ELEMENTS] + ["comment"])

    @property
    def questions(self) -> list[tuple]:
        """(element, bound field) in order, for the template."""
        return [(e, self[e.field]) for e in ELEMENTS]

    def answers(self) -> Answers:
        return Answers(scores=[self.cleaned_data[e.field] for e in ELEMENTS], comment=self.cleaned_data["comment"])


class PeriodForm(forms.Form):
    """The period of the index report: a year and optionally a quarter (GET parameters; the current year
    when no year is given)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, **kwargs):
        data = data.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, **kwargs)
        self.fields["quarter"].choices = [
            ("", gettext("Whole year")),
            *((q, gettext("Quarter %(q)s") % {"q": q}) for q in (1, 2, 3, 4)),
        ]
