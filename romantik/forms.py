from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .agencies import agency_propose, level_region_refusal
from .calendar import is_national_holiday
from .enums import AgencyLevel, OfficeDocumentKind
from .models import Agency, Office, Region
from .office_channels import CHANNEL_FIELDS, CLOSE_DAYS_MAX, CLOSE_DAYS_MIN, REMINDER_DAYS_MAX, REMINDERS_MAX
from .pickers import agencies_search, agency_label
from .services import membership_request
from .widgets import FULL_LIST_MAX, PickerModelChoiceField


class AgencyPickerField(PickerModelChoiceField):
    def label_from_instance(self, obj):
        return agency_label(obj)


class AgencySignupForm(forms.Form):
    """Extra sign-up fields (allauth calls `signup`): who you are and which agency you act for.

    Only government agencies may submit, so every new user picks their agency
    or proposes one; a BPS officer verifies the link.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Mobile phone (WhatsApp)"),
        max_length=30,
        required=False,
        help_text=_("Some offices send notifications by WhatsApp."),
    )
    position = forms.CharField(label=_("Position in the agency"), max_length=150, required=False)
    # The curated list of the whole country (thousands): searched on the server (romantik.pickers), by name,
    # acronym, e-mail domain or region.
    agency = AgencyPickerField(
        label=_("Agency"),
        queryset=Agency.objects.filter(verified=True, merged_into__isnull=True)
        .select_related("region")
        .order_by("name", "pk"),
        required=False,
        empty_label=_("— my agency is not in the list —"),
        help_text=_(
            "The government agency (at eselon II level) you act for. Search by its name, its acronym (for example "
            "DINKES) or the domain of its e-mail addresses."
        ),
        source="picker_agencies",
        search=agencies_search,
        full_list_max=FULL_LIST_MAX,
    )
    new_agency_name = forms.CharField(
        label=_("Name of your agency"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if your agency is not in the list above: the BPS office of its region reviews the proposal and adds "
            "it to the list."
        ),
    )
    new_agency_level = forms.ChoiceField(
        label=_("Level of your agency"), choices=[("", "—")] + AgencyLevel.choices, required=False
    )
    # The browser offers the regions of the level chosen above (provinces, or regencies/cities); clean() checks.
    new_agency_region = PickerModelChoiceField(
        label=_("Province or regency/city of your agency"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Leave empty for a central-government agency."),
        source="picker_regions",
        depends_on="new_agency_level",
        depends_param="level",
    )

    def clean(self):
        data = super().clean()
        agency, name = data.get("agency"), (data.get("new_agency_name") or "").strip()
        if agency and name:
            self.add_error("new_agency_name", _("Choose an agency from the list or propose a new one, not both."))
        elif not agency and not name and "agency" not in self.errors:  # e.g. a search without JavaScript
            self.add_error("agency", _("Choose your agency, or propose it below if it is not in the list."))
        if name and not agency and "new_agency_region" not in self.errors:
            level, region = data.get("new_agency_level"), data.get("new_agency_region")
            if not level:
                self.add_error("new_agency_level", _("Choose the level of your agency."))
            elif refusal := level_region_refusal(level, region):
                self.add_error(f"new_agency_{refusal[0]}", refusal[1])
        return data

    def signup(self, request, user):
        data = self.cleaned_data
        user.full_name = data["full_name"].strip()
        user.phone = data.get("phone", "").strip()
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        user.save(update_fields=["full_name", "phone", "language"])
        agency = data.get("agency") or agency_propose(
            name=data["new_agency_name"],
            level=data["new_agency_level"],
            region=data.get("new_agency_region"),
            proposed_by=user,
        )
        membership_request(user=user, agency=agency, position=data.get("position", "").strip())


class MembershipDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Verify")), ("0", _("Reject"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the link is rejected, so the applicant can correct it."))
        return data


class OfficeClosureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("For example: office closed for a local holiday.")
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise forms.ValidationError(_("This day is a weekend; it is never a working day."))
        if is_national_holiday(day):
            raise forms.ValidationError(_("This day is already a national holiday or cuti bersama."))
        return day


class OfficeDocumentForm(forms.Form):
    """A guide, booklet, leaflet or form the office offers on its public page (romantik.documents)."""

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("As visitors of the office's page see it."))
    kind = forms.ChoiceField(label=_("Kind"), choices=OfficeDocumentKind.choices)
    file = forms.FileField(
        label=_("File (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )


class ReminderDaysField(forms.CharField):
    """The reminder thresholds, typed as "3, 1": whole numbers of working days before the due date, each once,
    from the earliest reminder to the last (romantik.office_channels bounds them)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        days = set()
        for item in text.replace(";", ",").replace(" ", ",").split(","):
            item = item.strip()
            if not item:
                continue
            if not item.isdigit():
                raise forms.ValidationError(
                    _(
                        "Write whole numbers of working days separated by commas, for example: 5, 2, 1. "
                        "“%(item)s” is not one."
                    ),
                    params={"item": item[:20]},
                    code="invalid",
                )
            day = int(item)
            if day > REMINDER_DAYS_MAX:
                raise forms.ValidationError(
                    _("A reminder comes at most %(max)s working days before the due date; %(day)s is too many."),
                    params={"max": REMINDER_DAYS_MAX, "day": day},
                    code="max_value",
                )
            days.add(day)
        if len(days) > REMINDERS_MAX:
            raise forms.ValidationError(_("At most %(max)s reminders."), params={"max": REMINDERS_MAX}, code="too_many")
        return sorted(days, reverse=True)


class OfficeChannelSettingsForm(forms.ModelForm):
    """The office admin's channels and reminders (romantik.views_channels)."""

    reminder_days = ReminderDaysField(
        label=capfirst(_("reminders before the due date (working days)")),
        required=False,
        max_length=60,
        help_text=_(
            "The reviewers and the coordinator are reminded this many working days before the due date, for "
            "example: 3, 1 (0: on the due date). Empty: no reminders."
        ),
    )
    revision_reminder_days = forms.IntegerField(
        label=capfirst(_("remind the agency of a revision after (days)")),
        min_value=0,
        max_value=365,
        help_text=_("Days a revision may wait before the agency is reminded; 0: never."),
    )
    idle_draft_days = forms.IntegerField(
        label=capfirst(_("notice for a draft idle for (days)")),
        min_value=0,
        max_value=365,
        help_text=_("Days a draft may stay unsaved before its agency gets a notice; 0: never."),
    )
    revision_close_days = forms.IntegerField(
        label=capfirst(_("close a revision left untouched for (days)")),
        min_value=0,
        max_value=CLOSE_DAYS_MAX,
        help_text=_(
            "Calendar days a returned submission may wait untouched before it is closed (warnings 30 and 7 days "
            "before; a closure due on a day the office is closed happens the next working day); 0: never."
        ),
    )

    class Meta:
        model = Office
        fields = list(CHANNEL_FIELDS)

    def clean(self):
        data = super().clean()
        close, remind = data.get("revision_close_days"), data.get("revision_reminder_days")
        if close and close < CLOSE_DAYS_MIN:
            self.add_error(
                "revision_close_days",
                _("Close after at least %(min)s days (0: never), so the 7-day warning comes first.")
                % {"min": CLOSE_DAYS_MIN},
            )
        elif close and remind and close <= remind:
            self.add_error(
                "revision_close_days", _("Close only after the revision reminder (%(days)s days).") % {"days": remind}
            )
        return data
