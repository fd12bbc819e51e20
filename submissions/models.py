"""A submission (pemberitahuan kegiatan statistik) and what belongs to it.

One model carries the MS-Keg fields; FS3 and FP-KPA are views of it that show
and require the blocks their kind needs (see `sections.py`). Every form field
is optional at the database level: drafts may be incomplete, and completeness
is checked before submitting (`completeness.py`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from submissions.states import EDITABLE_STATES, OPEN_STATES, State

from . import enums

PHASES = (
    ("planning", _("Activity planning")),
    ("design", _("Design")),
    ("collection", _("Data collection")),
    ("processing", _("Data processing")),
    ("analysis", _("Analysis")),
    ("dissemination", _("Dissemination of results")),
    ("evaluation", _("Evaluation")),
)
SCHEDULE_START_HELP = _("The planned first day of this phase. Phases start in the order listed.")
SCHEDULE_END_HELP = _("The planned last day of this phase; not before its first day.")
RELEASE_HELP = _("The planned date the product is available to the public.")


class Submission(models.Model):
    # --- identity and workflow (set by the portal, never typed by the agency) ---
    kind = models.CharField(_("form"), max_length=8, choices=enums.Kind.choices)
    number = models.CharField(_("submission number"), max_length=40, unique=True, null=True, blank=True)
    agency = models.ForeignKey("romantik.Agency", on_delete=models.PROTECT, related_name="submissions")
    office = models.ForeignKey(
        "romantik.Office",
        verbose_name=_("responsible BPS office"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    channel = models.CharField(_("channel"), max_length=8, choices=enums.Channel.choices, default=enums.Channel.ONLINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agency user"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_submissions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    # --- the service clock (submissions/clock.py) ---
    # Day the office confirmed the submission complete (terekam lengkap): the clock starts.
    recorded_complete_on = models.DateField(_("recorded complete"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Set while the submission waits for the agency's revision: the clock is paused.
    clock_paused_on = models.DateField(_("clock paused since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Advice (layak) or reasons (tidak layak) of the decision, for the letter.
    decision_text = models.TextField(_("advice or reasons"), blank=True)
    # A recurring activity's renewal for a new period (submissions/renewal.py): the recommendation it renews.
    renews = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )

    # --- the agency's cover letter (surat pengantar), cited by the recommendation letter ---
    # Entered with the cover letter's PDF on the attachments page (attachments.cover_letter_set); required
    # wherever the cover letter is (completeness.py).
    cover_letter_number = models.CharField(
        _("Cover letter number"),
        max_length=100,
        blank=True,
        help_text=_("The number of the agency's cover letter, as written on it."),
    )
    cover_letter_date = models.DateField(
        _("Cover letter date"), null=True, blank=True, help_text=_("The date written on the cover letter.")
    )

    # --- header ---
    title = models.CharField(
        _("Activity title"),
        max_length=250,
        blank=True,
        help_text=_("The full name of the survey or compilation, as it will appear in publications."),
    )
    year = models.PositiveSmallIntegerField(
        _("Year"), null=True, blank=True, help_text=_("The year in which the activity is carried out.")
    )
    statistics_type = models.PositiveSmallIntegerField(
        _("Type of statistics"),
        choices=enums.StatisticsType.choices,
        null=True,
        blank=True,
        help_text=_("Sectoral statistics are those run by a government agency for its own duties (UU 16/1997)."),
    )
    collection_way = models.PositiveSmallIntegerField(
        _("Way of collecting data"),
        choices=enums.CollectionWay.choices,
        null=True,
        blank=True,
        help_text=_("A survey observes a sample; a compilation uses records the agency already keeps."),
    )
    sector = models.PositiveSmallIntegerField(
        _("Sector of the activity"),
        choices=enums.Sector.choices,
        null=True,
        blank=True,
        help_text=_("The statistical sector the results mainly describe."),
    )
    previous_recommendation = models.CharField(
        _("Previous recommendation identity"),
        max_length=100,
        blank=True,
        help_text=_("For a repeated activity: the number of the recommendation BPS gave last time, if any."),
    )

    # --- I. organiser ---
    organizer_name = models.CharField(
        _("Organising agency"),
        max_length=200,
        blank=True,
        help_text=_("The agency that runs the activity, at eselon II level (for example: Dinas Kesehatan)."),
    )
    organizer_address = models.TextField(_("Address"), blank=True, help_text=_("Street address of the agency."))
    organizer_province = models.ForeignKey(
        "romantik.Region",
        verbose_name=_("Province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "provinsi"},
        help_text=_("Province of the agency's address."),
    )
    organizer_regency = models.ForeignKey(
        "romantik.Region",
        verbose_name=_("Regency/city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kabkota"},
        help_text=_("Regency or city of the agency's address; empty for an agency in the national capital."),
    )
    organizer_phone = models.CharField(_("Phone"), max_length=40, blank=True, help_text=_("Office phone number."))
    organizer_fax = models.CharField(_("Fax"), max_length=40, blank=True, help_text=_("Optional."))
    organizer_email = models.EmailField(_("E-mail"), blank=True, help_text=_("The agency's official e-mail address."))

    # --- II. person responsible ---
    unit_eselon1 = models.CharField(
        _("Responsible unit, eselon I"),
        max_length=200,
        blank=True,
        help_text=_("The eselon I unit responsible for the activity (central agencies; optional otherwise)."),
    )
    unit_eselon2 = models.CharField(
        _("Responsible unit, eselon II"),
        max_length=200,
        blank=True,
        help_text=_("The eselon II unit responsible for the activity."),
    )
    tech_name = models.CharField(
        _("Technical person in charge: name"),
        max_length=150,
        blank=True,
        help_text=_("The person (at eselon III level, or a consultant) who answers BPS's questions on the design."),
    )
    tech_position = models.CharField(_("Position"), max_length=150, blank=True, help_text=_("Their position."))
    tech_address = models.TextField(_("Address"), blank=True, help_text=_("Their office address."))
    tech_phone = models.CharField(_("Phone"), max_length=40, blank=True, help_text=_("A number BPS can call."))
    tech_fax = models.CharField(_("Fax"), max_length=40, blank=True, help_text=_("Optional."))
    tech_email = models.EmailField(_("E-mail"), blank=True, help_text=_("BPS sends questions to this address."))
    walidata_unit = models.CharField(
        _("Walidata unit"),
        max_length=200,
        blank=True,
        help_text=_("Local governments: the unit acting as walidata (data steward) under Satu Data Indonesia."),
    )
    walidata_email = models.EmailField(_("Walidata e-mail"), blank=True, help_text=_("The walidata unit's e-mail."))

    # --- III. planning and preparation ---
    background = models.TextField(
        _("Background"), blank=True, help_text=_("Why the activity is needed: the problem or policy it serves.")
    )
    objective = models.TextField(
        _("Objectives"),
        blank=True,
        help_text=_("What the activity will produce and how the results will be used (FP-KPA: and its benefits)."),
    )
    planning_start = models.DateField(
        _("Activity planning: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP
    )
    planning_end = models.DateField(_("Activity planning: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)
    design_start = models.DateField(_("Design: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP)
    design_end = models.DateField(_("Design: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)
    collection_start = models.DateField(
        _("Data collection: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP
    )
    collection_end = models.DateField(_("Data collection: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)
    processing_start = models.DateField(
        _("Data processing: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP
    )
    processing_end = models.DateField(_("Data processing: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)
    analysis_start = models.DateField(_("Analysis: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP)
    analysis_end = models.DateField(_("Analysis: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)
    dissemination_start = models.DateField(
        _("Dissemination of results: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP
    )
    dissemination_end = models.DateField(
        _("Dissemination of results: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP
    )
    evaluation_start = models.DateField(_("Evaluation: start"), null=True, blank=True, help_text=SCHEDULE_START_HELP)
    evaluation_end = models.DateField(_("Evaluation: end"), null=True, blank=True, help_text=SCHEDULE_END_HELP)

    # --- IV. activity design ---
    repetition = models.PositiveSmallIntegerField(
        _("The activity is carried out"),
        choices=enums.Repetition.choices,
        null=True,
        blank=True,
        help_text=_("Repeated: the activity is run again at a regular interval."),
    )
    frequency = models.PositiveSmallIntegerField(
        _("Frequency"),
        choices=enums.Frequency.choices,
        null=True,
        blank=True,
        help_text=_("How often a repeated activity is carried out."),
    )
    collection_type = models.PositiveSmallIntegerField(
        _("Type of data collection"),
        choices=enums.CollectionType.choices,
        null=True,
        blank=True,
        help_text=_("Panel: the same units are observed again; cross-sectional: units observed once."),
    )
    coverage = models.PositiveSmallIntegerField(
        _("Geographic coverage"),
        choices=enums.Coverage.choices,
        null=True,
        blank=True,
        help_text=_("An activity covering all of Indonesia is reviewed by BPS RI."),
    )
    coverage_regions = models.ManyToManyField(
        "romantik.Region",
        verbose_name=_("Provinces and regencies/cities covered"),
        blank=True,
        related_name="+",
        help_text=_("Every province or regency/city where data are collected."),
    )
    collection_methods = models.JSONField(
        _("Data collection methods"),
        default=list,
        blank=True,
        help_text=_("Choose every method used."),
    )
    collection_means = models.JSONField(
        _("Means of data collection"),
        default=list,
        blank=True,
        help_text=_(
            "PAPI: paper questionnaire; CAPI: interview with a computer or tablet; "
            "CATI: telephone interview; CAWI: web questionnaire."
        ),
    )
    collection_units = models.JSONField(
        _("Units of data collection"), default=list, blank=True, help_text=_("Who or what provides the data.")
    )

    # --- V. sample design (surveys only) ---
    sample_design = models.PositiveSmallIntegerField(
        _("Type of sample design"),
        choices=enums.SampleDesign.choices,
        null=True,
        blank=True,
        help_text=_("Multi-stage: units are selected in several steps, for example villages, then households."),
    )
    sample_selection = models.PositiveSmallIntegerField(
        _("Selection method at the last stage"),
        choices=enums.SampleSelection.choices,
        null=True,
        blank=True,
        help_text=_("Probability: every unit has a known chance of selection."),
    )
    sample_method = models.PositiveSmallIntegerField(
        _("Sampling method"),
        choices=enums.SampleMethod.choices,
        null=True,
        blank=True,
        help_text=_("Methods 1–5 are probability methods, 6–10 non-probability methods."),
    )
    sample_frame = models.PositiveSmallIntegerField(
        _("Sampling frame at the last stage"),
        choices=enums.SampleFrame.choices,
        null=True,
        blank=True,
        help_text=_("List frame: a list of units; area frame: a map of areas."),
    )
    sample_fraction = models.DecimalField(
        _("Overall sampling fraction"),
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Sample size divided by population size: more than 0, at most 1."),
    )
    sampling_error = models.DecimalField(
        _("Expected sampling error of the main variable (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The relative standard error you expect, in percent."),
    )
    sample_unit = models.CharField(
        _("Sampling unit"), max_length=150, blank=True, help_text=_("The unit selected, for example: household.")
    )
    observation_unit = models.CharField(
        _("Observation unit"),
        max_length=150,
        blank=True,
        help_text=_("The unit the data describe, for example: household member."),
    )

    # Respondent burden (issue 22, ceksurvei.burden): how many respondents answer, and the minutes one questionnaire
    # takes as the agency confirms it. Both optional; without them the burden is estimated from the questions.
    respondents_count = models.PositiveIntegerField(
        _("Number of respondents"),
        null=True,
        blank=True,
        help_text=_("How many respondents answer the questionnaire (the sample size, or everyone in a census)."),
    )
    questionnaire_minutes = models.PositiveSmallIntegerField(
        _("Minutes per questionnaire"),
        null=True,
        blank=True,
        help_text=_("How long one respondent takes to answer, as tried in the pilot or estimated by the agency."),
    )

    # --- VI. data collection ---
    pilot = models.BooleanField(
        _("Pilot test"), null=True, blank=True, help_text=_("Is the instrument tried out before the collection?")
    )
    quality_checks = models.JSONField(
        _("Quality control methods"), default=list, blank=True, help_text=_("Choose every method used.")
    )
    nonresponse_adjustment = models.BooleanField(
        _("Non-response adjustment"),
        null=True,
        blank=True,
        help_text=_("Are estimates adjusted for units that did not respond?"),
    )
    collectors = models.PositiveSmallIntegerField(
        _("Field officers"),
        choices=enums.Collectors.choices,
        null=True,
        blank=True,
        help_text=_("Who collects the data in the field."),
    )
    min_education = models.PositiveSmallIntegerField(
        _("Lowest education of field officers"),
        choices=enums.Education.choices,
        null=True,
        blank=True,
        help_text=_("The minimum education required of a field officer."),
    )
    supervisors_count = models.PositiveIntegerField(
        _("Number of supervisors"), null=True, blank=True, help_text=_("Supervisors (penyelia), in persons.")
    )
    enumerators_count = models.PositiveIntegerField(
        _("Number of enumerators"), null=True, blank=True, help_text=_("Enumerators (pencacah), in persons.")
    )
    training = models.BooleanField(
        _("Field officer training"), null=True, blank=True, help_text=_("Are field officers trained beforehand?")
    )

    # --- VII. processing and analysis ---
    editing = models.BooleanField(_("Editing"), null=True, blank=True, help_text=_("Checking answers for consistency."))
    coding = models.BooleanField(_("Coding"), null=True, blank=True, help_text=_("Giving codes to open answers."))
    data_entry = models.BooleanField(
        _("Data entry"), null=True, blank=True, help_text=_("Entering data into a computer.")
    )
    validation = models.BooleanField(
        _("Validation"), null=True, blank=True, help_text=_("Checking entered data against validation rules.")
    )
    analysis_method = models.PositiveSmallIntegerField(
        _("Analysis method"),
        choices=enums.AnalysisMethod.choices,
        null=True,
        blank=True,
        help_text=_("Inferential analysis draws conclusions about the population from the sample."),
    )
    analysis_units = models.JSONField(_("Units of analysis"), default=list, blank=True, help_text=_("Choose all."))
    presentation_levels = models.JSONField(
        _("Level of presentation"), default=list, blank=True, help_text=_("The smallest areas results are shown for.")
    )

    # --- VIII. dissemination ---
    publish_print = models.BooleanField(
        _("Printed product available to the public"), null=True, blank=True, help_text=_("For example: a book.")
    )
    publish_print_date = models.DateField(
        _("Planned release of the printed product"), null=True, blank=True, help_text=RELEASE_HELP
    )
    publish_digital = models.BooleanField(
        _("Digital product available to the public"),
        null=True,
        blank=True,
        help_text=_("For example: a PDF or a web table."),
    )
    publish_digital_date = models.DateField(
        _("Planned release of the digital product"), null=True, blank=True, help_text=RELEASE_HELP
    )
    publish_microdata = models.BooleanField(
        _("Microdata available to the public"), null=True, blank=True, help_text=_("Unit-level records, anonymised.")
    )
    publish_microdata_date = models.DateField(
        _("Planned release of the microdata"), null=True, blank=True, help_text=RELEASE_HELP
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["agency", "-updated_at"]),
            models.Index(fields=["office", "state"]),
            models.Index(fields=["office", "due_date"]),
            # The reminder sweep (review/reminders.py): one query over these, bounded by dates.
            models.Index(fields=["state", "due_date"], name="submission_state_due"),
            models.Index(fields=["state", "clock_paused_on"], name="submission_state_paused"),
            models.Index(fields=["state", "updated_at"], name="submission_state_updated"),
            # The office queue's year filter lists the years of the office's submitted work; without this
            # it reads every row of a busy office (bench/national.py, docs/PERFORMANCE.md).
            models.Index(
                fields=["office", "year"],
                condition=models.Q(year__isnull=False) & ~models.Q(state="draf"),
                name="submission_office_years",
            ),
            # One office's open work counted live (supervision.selectors.office_now): every column the count and its
            # running-clock filter read, for the open rows only, so PostgreSQL counts from the index alone instead
            # of visiting a heap page per row (BPS RI's 2,321 open rows at 100k: 8.4 -> 1.1 ms).
            models.Index(
                fields=["office", "state", "due_date", "decided_at", "clock_paused_on"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="submission_office_open_work",
            ),
            # PostgreSQL also has `submission_office_queue` in the queue's order (migration 0004; SQLite cannot
            # declare NULLS FIRST in an index).
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return self.title or str(_("(untitled)"))

    def get_absolute_url(self):
        return reverse("submissions:overview", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_survey(self) -> bool:
        """Block V (sample design) applies: FS3 always, MS-Keg when collected by survey."""
        if self.kind == enums.Kind.FS3:
            return True
        return self.kind == enums.Kind.MSKEG and self.collection_way == enums.CollectionWay.SURVEY

    @property
    def uses_field_officers(self) -> bool:
        """6.4–6.7 apply only when PAPI, CAPI or CATI is among the means (4.7)."""
        return bool(set(self.collection_means or []) & enums.FIELD_OFFICER_MEANS)

    def phase_dates(self):
        return [(key, label, getattr(self, f"{key}_start"), getattr(self, f"{key}_end")) for key, label in PHASES]


class SectionDraft(models.Model):
    """What was typed into a section that did not pass its checks yet, so nothing is lost."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="section_drafts")
    section = models.CharField(max_length=20)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "section"], name="unique_section_draft")]

    def __str__(self):
        return f"{self.submission_id}/{self.section}"


class Variable(models.Model):
    """MS-Var: one variable collected by the activity."""

    # The MS-Var columns in the form's order: the web form, the API and the table's detail all list these.
    FORM_FIELDS = (
        "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
        "classification", "standard_classification", "validation_rule", "question_text", "public", "source",
    )  # fmt: skip

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="variables")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("Variable name"), max_length=200, help_text=_("For example: Age of household head."))
    alias = models.CharField(
        _("Alias"), max_length=100, blank=True, help_text=_("A short name, for example: UMUR_KRT.")
    )
    concept = models.TextField(_("Concept"), blank=True, help_text=_("The idea the variable measures."))
    definition = models.TextField(_("Definition"), help_text=_("The exact meaning, as enumerators apply it."))
    selection_reference = models.CharField(
        _("Selection reference"),
        max_length=200,
        blank=True,
        help_text=_("Who or what the question applies to, for example: household members aged 15+."),
    )
    time_reference = models.CharField(
        _("Time reference"), max_length=200, blank=True, help_text=_("For example: the past week.")
    )
    data_type = models.CharField(
        _("Data type"),
        max_length=10,
        choices=enums.DataType.choices,
        help_text=_("The kind of value recorded: text, number, date or yes/no."),
    )
    classification = models.CharField(
        _("Answer classification"),
        max_length=200,
        blank=True,
        help_text=_("The classification or code list answers follow, for example: KBLI 2020."),
    )
    validation_rule = models.CharField(
        _("Validation rule"), max_length=250, blank=True, help_text=_("For example: 0–120.")
    )
    question_text = models.TextField(_("Question text"), blank=True, help_text=_("The question as asked."))
    # A standard BPS classification the answers follow (issue 22, reuse): a code of the shipped list, checked on
    # save and on import; `classification` keeps the free-text name for lists that are not standard.
    standard_classification = models.CharField(
        _("Standard classification"),
        max_length=40,
        blank=True,
        help_text=_("A standard BPS classification the answers follow, for example KBLI 2020."),
    )
    public = models.BooleanField(
        _("Publicly accessible"), default=True, help_text=_("May the public see this in BPS's catalogue?")
    )
    source = models.CharField(
        _("Source"), max_length=200, blank=True, help_text=_("FP-KPA: the administrative record the value comes from.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("variable")
        verbose_name_plural = _("variables")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """MS-Ind: one indicator produced by the activity."""

    # The MS-Ind columns in the form's order (see Variable.FORM_FIELDS).
    FORM_FIELDS = (
        "name", "concept", "definition", "method", "measure", "unit", "presentation_classification", "composite",
        "building_indicators", "building_variables", "estimation_level", "public",
    )  # fmt: skip

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("Indicator name"), max_length=200, help_text=_("For example: Open unemployment rate."))
    concept = models.TextField(_("Concept"), blank=True, help_text=_("The idea the indicator measures."))
    definition = models.TextField(_("Definition"), help_text=_("The exact meaning of the indicator."))
    method = models.TextField(_("Calculation method/formula"), blank=True, help_text=_("How it is computed."))
    measure = models.CharField(_("Measure"), max_length=100, blank=True, help_text=_("For example: percentage."))
    unit = models.CharField(_("Unit"), max_length=100, blank=True, help_text=_("For example: percent."))
    presentation_classification = models.CharField(
        _("Presentation classification"), max_length=200, blank=True, help_text=_("For example: by sex and age group.")
    )
    composite = models.BooleanField(
        _("Composite indicator"), default=False, help_text=_("Built by combining other indicators, like an index.")
    )
    building_indicators = models.TextField(
        _("Component indicators"), blank=True, help_text=_("For a composite indicator: the indicators it combines.")
    )
    building_variables = models.TextField(
        _("Component variables"), blank=True, help_text=_("The variables the indicator is computed from.")
    )
    estimation_level = models.CharField(
        _("Estimation level"), max_length=100, blank=True, help_text=_("For example: regency/city.")
    )
    public = models.BooleanField(
        _("Publicly accessible"), default=True, help_text=_("May the public see this in BPS's catalogue?")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


def _attachment_path(instance, filename):
    # The stored name never comes from the user; the original is kept in a field.
    return f"attachments/{instance.submission_id}/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("document"), max_length=20, choices=enums.AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class GuestBookEntry(models.Model):
    """A visit to an office's PST front desk, with its queue number for the day."""

    office = models.ForeignKey("romantik.Office", on_delete=models.PROTECT, related_name="guests")
    visit_date = models.DateField(_("date"))
    queue_number = models.PositiveIntegerField(_("queue number"))
    name = models.CharField(_("Name"), max_length=150)
    agency = models.ForeignKey(
        "romantik.Agency", verbose_name=_("Agency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency_name = models.CharField(_("Agency or institution"), max_length=200)
    position = models.CharField(_("Position"), max_length=150, blank=True)
    email = models.EmailField(_("E-mail"))
    phone = models.CharField(_("Phone/WhatsApp"), max_length=30)
    purpose = models.CharField(_("Purpose of the visit"), max_length=20, choices=enums.GuestPurpose.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=enums.GuestStatus.choices, default=enums.GuestStatus.WAITING
    )
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(
        _("written by"), max_length=10, choices=enums.GuestSource.choices, default=enums.GuestSource.DESK
    )

    class Meta:
        ordering = ["visit_date", "queue_number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "visit_date", "queue_number"], name="unique_queue_number")
        ]
        verbose_name = _("guest book entry")
        verbose_name_plural = _("guest book")

    def __str__(self):
        return f"{self.office.code} {self.visit_date} #{self.queue_number} {self.name}"


class OfficeLink(models.Model):
    """A link an office's front desk issues for a device without a staff log-in: the guest-book kiosk or the
    waiting-room screen. The link is signed (submissions.links) and names this row and its random nonce; it
    opens that one page of that one office, until revoked. One link per office and purpose is in use at a time."""

    office = models.ForeignKey("romantik.Office", on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(_("purpose"), max_length=10, choices=enums.OfficeLinkPurpose.choices)
    nonce = models.CharField(max_length=32)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "purpose"], condition=models.Q(revoked_at__isnull=True), name="one_office_link_in_use"
            )
        ]
        verbose_name = _("office link")
        verbose_name_plural = _("office links")

    def __str__(self):
        return f"{self.office.code} {self.purpose} #{self.pk}"


class Transition(models.Model):
    """One change of a submission's state: who, when, from, to, note (written by submissions.workflow's door)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["submission", "at"])]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.submission_id}: {self.from_state} → {self.to_state}"


class RoundSnapshot(models.Model):
    """The form as submitted in one round (submissions.snapshots.snapshot_of), to show reviewers what changed
    since the previous one."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="snapshots")
    round = models.PositiveSmallIntegerField(_("round"))
    data = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["submission", "round"], name="unique_round_snapshot")]

    def __str__(self):
        return f"{self.submission_id} r{self.round}"
