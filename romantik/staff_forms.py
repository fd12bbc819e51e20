"""The forms of an office's staff pages (romantik/views_staff.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .staff import ROLE_ORDER

ROLE_CHOICES = [(role.value, role.label) for role in ROLE_ORDER]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", ROLE_CHOICES)
        kwargs.setdefault("label", _("Roles at this office"))
        super().__init__(**kwargs)


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The colleague's own BPS address: the invitation goes there.")
    )
    nip = forms.CharField(label=_("NIP"), max_length=30, required=False, help_text=_("Optional."))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    roles = RolesField()


class StaffRolesForm(forms.Form):
    roles = RolesField(required=False, help_text=_("Untick every role to take the person off this office's staff."))


class StaffReactivateForm(forms.Form):
    roles = RolesField(help_text=_("A colleague who came back: the roles they hold here from now on."))


class StaffDeactivateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm: this person has left; their account is deactivated and their open work is released."),
        required=True,
    )


HISTORY_BELOW = "bawahan"


class HistoryFilterForm(forms.Form):
    cakupan = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("This office only")), (HISTORY_BELOW, _("This office and the offices it supervises"))],
    )
