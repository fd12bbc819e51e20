from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from romantik.models import Office
from romantik.widgets import PickerModelChoiceField

from .logo import LOGO_MAX_BYTES, LOGO_MAX_SIDE, letter_logo_check, letter_logo_name
from .models import Letter
from .office_settings import (
    LETTER_SETTINGS_FIELDS,
    letter_code_clash,
    letter_number_pattern_check,
    signer_office_choices,
)


class LetterForm(forms.ModelForm):
    """The free-text parts of a letter draft the reviewers may edit."""

    class Meta:
        model = Letter
        fields = ["sifat", "subject", "addressee", "body_text", "tembusan"]
        widgets = {
            "addressee": forms.Textarea(attrs={"rows": 3}),
            "body_text": forms.Textarea(attrs={"rows": 8}),
            "tembusan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "addressee": _("One line per line of the letter; “Yth.” is added."),
            "body_text": _("Keep one point per line; blank lines separate paragraphs."),
            "tembusan": _("One recipient per line, numbered."),
        }


class SendForm(forms.Form):
    """Sending to the head has no fields: a POST with its CSRF token."""


TEMBUSAN_MAX_LINES = 10


class OfficeLetterSettingsForm(forms.ModelForm):
    """The office admin's letter settings (letters.views.settings): the letterhead, the number, who signs, the
    tembusan of new letters. Every text is bounded, so the sample letter of the preview stays one short page."""

    letter_logo = forms.FileField(
        label=capfirst(_("letterhead logo")),
        required=False,
        # Not ClearableFileInput: it links to the stored file, and MEDIA_ROOT is never served.
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    logo_remove = forms.BooleanField(label=_("Remove the logo: the kop has text only"), required=False)
    address = forms.CharField(
        label=capfirst(_("address")),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed under the office's name in the kop."),
    )
    website = forms.URLField(label=capfirst(_("website")), required=False, max_length=200, assume_scheme="https")
    signer_office = PickerModelChoiceField(
        label=capfirst(_("office whose head signs the letters")),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("— the head of this office —"),
        help_text=_(
            "Empty: the head of this office signs. Another office (above this one) signs with its own kop and "
            "letter numbers."
        ),
    )
    tembusan = forms.CharField(
        label=capfirst(_("copies to (tembusan)")),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Office
        fields = list(LETTER_SETTINGS_FIELDS)

    def __init__(self, *args, office: Office, tembusan: str = "", **kwargs):
        super().__init__(*args, instance=office, **kwargs)
        self.fields["letter_logo"].help_text = gettext(
            "PNG or JPEG, at most %(kb)s KB and %(side)s × %(side)s pixels; shown on the left of the kop."
        ) % {"kb": LOGO_MAX_BYTES // 1024, "side": LOGO_MAX_SIDE}
        self.fields["tembusan"].help_text = gettext(
            "What each new letter starts with, one recipient per line, numbered as printed; reviewers may change "
            "it in each letter. At most %(lines)s lines."
        ) % {"lines": TEMBUSAN_MAX_LINES}
        self.fields["signer_office"].queryset = signer_office_choices(office)
        self.fields["tembusan"].initial = tembusan
        self.logo_bytes = None  # a logo just chosen, checked: the preview shows it before it is saved

    def clean_letter_logo(self):
        file = self.cleaned_data.get("letter_logo")
        if isinstance(file, UploadedFile):
            extension = letter_logo_check(file)
            self.logo_bytes = file.read()
            file.seek(0)
            file.name = letter_logo_name(extension)
        return file

    def clean_letter_code(self):
        return self.cleaned_data.get("letter_code", "").strip()

    def clean_tembusan(self):
        text = self.cleaned_data.get("tembusan", "")
        if len([line for line in text.splitlines() if line.strip()]) > TEMBUSAN_MAX_LINES:
            raise ValidationError(
                _("At most %(lines)s recipients; the letter has room for no more."),
                params={"lines": TEMBUSAN_MAX_LINES},
                code="too_many",
            )
        return text

    def clean(self):
        data = super().clean()
        code = data.get("letter_code", "") or self.instance.code
        clash = letter_code_clash(self.instance, code)
        if "letter_code" in data and clash is not None:
            self.add_error(
                "letter_code",
                ValidationError(
                    _("%(office)s already numbers its letters with the code “%(code)s”: choose another code."),
                    params={"office": clash.name, "code": code},
                    code="clash",
                ),
            )
        if data.get("logo_remove") and not isinstance(data.get("letter_logo"), UploadedFile):
            data["letter_logo"] = False  # FileField.save_form_data empties the field
        pattern = data.get("letter_number_pattern")
        if pattern:
            try:
                letter_number_pattern_check(pattern, code=code, classification=data.get("letter_classification", ""))
            except ValidationError as error:
                self.add_error("letter_number_pattern", error)
        return data
