import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import romantik.migration_ops
import submissions.models


class Migration(migrations.Migration):
    replaces = [
        ("submissions", "0001_initial"),
        ("submissions", "0002_reminder_indexes"),
        ("submissions", "0003_office_years_index"),
        ("submissions", "0004_office_queue_index"),
        ("submissions", "0005_state_withdrawn"),
    ]

    initial = True

    dependencies = [
        ("romantik", "0003_office_reviewers_take_work"),
        ("romantik", "0004_office_reminders"),
        ("romantik", "0005_officerole_complaint_handler"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Submission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fs3", "FS3 – survey"),
                            ("fpkpa", "FP-KPA – compilation of administrative records"),
                            ("mskeg", "MS-Keg – activity metadata"),
                        ],
                        max_length=8,
                        verbose_name="form",
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        blank=True, max_length=40, null=True, unique=True, verbose_name="submission number"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draf", "Draft"),
                            ("diajukan", "Submitted"),
                            ("diperiksa", "Under review"),
                            ("perlu_perbaikan", "Needs revision"),
                            ("layak", "Feasible"),
                            ("tidak_layak", "Not feasible"),
                            ("surat_terbit", "Letter issued"),
                            ("ditarik", "Withdrawn"),
                        ],
                        default="draf",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                ("round", models.PositiveSmallIntegerField(default=1, verbose_name="round")),
                (
                    "channel",
                    models.CharField(
                        choices=[("online", "Online"), ("offline", "At the front desk")],
                        default="online",
                        max_length=8,
                        verbose_name="channel",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last saved")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                ("recorded_complete_on", models.DateField(blank=True, null=True, verbose_name="recorded complete")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("clock_paused_on", models.DateField(blank=True, null=True, verbose_name="clock paused since")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("decision_text", models.TextField(blank=True, verbose_name="advice or reasons")),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="The full name of the survey or compilation, as it will appear in publications.",
                        max_length=250,
                        verbose_name="Activity title",
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The year in which the activity is carried out.",
                        null=True,
                        verbose_name="Year",
                    ),
                ),
                (
                    "statistics_type",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Basic statistics"), (2, "Sectoral statistics"), (3, "Special statistics")],
                        help_text="Sectoral statistics are those run by a government agency for its own duties (UU 16/1997).",
                        null=True,
                        verbose_name="Type of statistics",
                    ),
                ),
                (
                    "collection_way",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Complete enumeration"),
                            (2, "Survey"),
                            (3, "Compilation of administrative products"),
                            (4, "Other way following developments in IT"),
                        ],
                        help_text="A survey observes a sample; a compilation uses records the agency already keeps.",
                        null=True,
                        verbose_name="Way of collecting data",
                    ),
                ),
                (
                    "sector",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Agriculture and fisheries"),
                            (2, "Demography and population"),
                            (3, "Development"),
                            (4, "Economic projections"),
                            (5, "Education and training"),
                            (6, "Environment"),
                            (7, "Finance"),
                            (8, "Globalisation"),
                            (9, "Health"),
                            (10, "Industry and services"),
                            (11, "Information and communication technology"),
                            (12, "International trade and balance of trade"),
                            (13, "Labour"),
                            (14, "National accounts"),
                            (15, "Monthly economic indicators"),
                            (16, "Productivity"),
                            (17, "Prices and purchasing power parity"),
                            (18, "Public sector, taxation and market regulation"),
                            (19, "Regional and urban statistics"),
                            (20, "Science and patents"),
                            (21, "Social protection and welfare"),
                            (22, "Transport"),
                        ],
                        help_text="The statistical sector the results mainly describe.",
                        null=True,
                        verbose_name="Sector of the activity",
                    ),
                ),
                (
                    "previous_recommendation",
                    models.CharField(
                        blank=True,
                        help_text="For a repeated activity: the number of the recommendation BPS gave last time, if any.",
                        max_length=100,
                        verbose_name="Previous recommendation identity",
                    ),
                ),
                (
                    "organizer_name",
                    models.CharField(
                        blank=True,
                        help_text="The agency that runs the activity, at eselon II level (for example: Dinas Kesehatan).",
                        max_length=200,
                        verbose_name="Organising agency",
                    ),
                ),
                (
                    "organizer_address",
                    models.TextField(blank=True, help_text="Street address of the agency.", verbose_name="Address"),
                ),
                (
                    "organizer_phone",
                    models.CharField(blank=True, help_text="Office phone number.", max_length=40, verbose_name="Phone"),
                ),
                (
                    "organizer_fax",
                    models.CharField(blank=True, help_text="Optional.", max_length=40, verbose_name="Fax"),
                ),
                (
                    "organizer_email",
                    models.EmailField(
                        blank=True,
                        help_text="The agency's official e-mail address.",
                        max_length=254,
                        verbose_name="E-mail",
                    ),
                ),
                (
                    "unit_eselon1",
                    models.CharField(
                        blank=True,
                        help_text="The eselon I unit responsible for the activity (central agencies; optional otherwise).",
                        max_length=200,
                        verbose_name="Responsible unit, eselon I",
                    ),
                ),
                (
                    "unit_eselon2",
                    models.CharField(
                        blank=True,
                        help_text="The eselon II unit responsible for the activity.",
                        max_length=200,
                        verbose_name="Responsible unit, eselon II",
                    ),
                ),
                (
                    "tech_name",
                    models.CharField(
                        blank=True,
                        help_text="The person (at eselon III level, or a consultant) who answers BPS's questions on the design.",
                        max_length=150,
                        verbose_name="Technical person in charge: name",
                    ),
                ),
                (
                    "tech_position",
                    models.CharField(blank=True, help_text="Their position.", max_length=150, verbose_name="Position"),
                ),
                (
                    "tech_address",
                    models.TextField(blank=True, help_text="Their office address.", verbose_name="Address"),
                ),
                (
                    "tech_phone",
                    models.CharField(
                        blank=True, help_text="A number BPS can call.", max_length=40, verbose_name="Phone"
                    ),
                ),
                ("tech_fax", models.CharField(blank=True, help_text="Optional.", max_length=40, verbose_name="Fax")),
                (
                    "tech_email",
                    models.EmailField(
                        blank=True,
                        help_text="BPS sends questions to this address.",
                        max_length=254,
                        verbose_name="E-mail",
                    ),
                ),
                (
                    "walidata_unit",
                    models.CharField(
                        blank=True,
                        help_text="Local governments: the unit acting as walidata (data steward) under Satu Data Indonesia.",
                        max_length=200,
                        verbose_name="Walidata unit",
                    ),
                ),
                (
                    "walidata_email",
                    models.EmailField(
                        blank=True,
                        help_text="The walidata unit's e-mail.",
                        max_length=254,
                        verbose_name="Walidata e-mail",
                    ),
                ),
                (
                    "background",
                    models.TextField(
                        blank=True,
                        help_text="Why the activity is needed: the problem or policy it serves.",
                        verbose_name="Background",
                    ),
                ),
                (
                    "objective",
                    models.TextField(
                        blank=True,
                        help_text="What the activity will produce and how the results will be used (FP-KPA: and its benefits).",
                        verbose_name="Objectives",
                    ),
                ),
                (
                    "planning_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Activity planning: start",
                    ),
                ),
                (
                    "planning_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Activity planning: end",
                    ),
                ),
                (
                    "design_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Design: start",
                    ),
                ),
                (
                    "design_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Design: end",
                    ),
                ),
                (
                    "collection_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Data collection: start",
                    ),
                ),
                (
                    "collection_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Data collection: end",
                    ),
                ),
                (
                    "processing_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Data processing: start",
                    ),
                ),
                (
                    "processing_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Data processing: end",
                    ),
                ),
                (
                    "analysis_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Analysis: start",
                    ),
                ),
                (
                    "analysis_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Analysis: end",
                    ),
                ),
                (
                    "dissemination_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Dissemination of results: start",
                    ),
                ),
                (
                    "dissemination_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Dissemination of results: end",
                    ),
                ),
                (
                    "evaluation_start",
                    models.DateField(
                        blank=True,
                        help_text="The planned first day of this phase. Phases start in the order listed.",
                        null=True,
                        verbose_name="Evaluation: start",
                    ),
                ),
                (
                    "evaluation_end",
                    models.DateField(
                        blank=True,
                        help_text="The planned last day of this phase; not before its first day.",
                        null=True,
                        verbose_name="Evaluation: end",
                    ),
                ),
                (
                    "repetition",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Only once"), (2, "Repeated")],
                        help_text="Repeated: the activity is run again at a regular interval.",
                        null=True,
                        verbose_name="The activity is carried out",
                    ),
                ),
                (
                    "frequency",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Daily"),
                            (2, "Weekly"),
                            (3, "Monthly"),
                            (4, "Quarterly"),
                            (5, "Every four months"),
                            (6, "Every six months"),
                            (7, "Yearly"),
                            (8, "Less often than every two years"),
                        ],
                        help_text="How often a repeated activity is carried out.",
                        null=True,
                        verbose_name="Frequency",
                    ),
                ),
                (
                    "collection_type",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Longitudinal panel"),
                            (2, "Cross-sectional"),
                            (3, "Longitudinal cross-sectional"),
                        ],
                        help_text="Panel: the same units are observed again; cross-sectional: units observed once.",
                        null=True,
                        verbose_name="Type of data collection",
                    ),
                ),
                (
                    "coverage",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "All of Indonesia"), (2, "Part of Indonesia")],
                        help_text="An activity covering all of Indonesia is reviewed by BPS RI.",
                        null=True,
                        verbose_name="Geographic coverage",
                    ),
                ),
                (
                    "collection_methods",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Choose every method used.",
                        verbose_name="Data collection methods",
                    ),
                ),
                (
                    "collection_means",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="PAPI: paper questionnaire; CAPI: interview with a computer or tablet; CATI: telephone interview; CAWI: web questionnaire.",
                        verbose_name="Means of data collection",
                    ),
                ),
                (
                    "collection_units",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Who or what provides the data.",
                        verbose_name="Units of data collection",
                    ),
                ),
                (
                    "sample_design",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Single stage/phase"), (2, "Multi stage/phase")],
                        help_text="Multi-stage: units are selected in several steps, for example villages, then households.",
                        null=True,
                        verbose_name="Type of sample design",
                    ),
                ),
                (
                    "sample_selection",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Probability"), (2, "Non-probability")],
                        help_text="Probability: every unit has a known chance of selection.",
                        null=True,
                        verbose_name="Selection method at the last stage",
                    ),
                ),
                (
                    "sample_method",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Simple random sampling"),
                            (2, "Systematic random sampling"),
                            (3, "Stratified random sampling"),
                            (4, "Cluster sampling"),
                            (5, "Probability proportional to size (PPS)"),
                            (6, "Quota sampling"),
                            (7, "Accidental sampling"),
                            (8, "Purposive sampling"),
                            (9, "Snowball sampling"),
                            (10, "Saturation sampling"),
                        ],
                        help_text="Methods 1–5 are probability methods, 6–10 non-probability methods.",
                        null=True,
                        verbose_name="Sampling method",
                    ),
                ),
                (
                    "sample_frame",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "List frame"), (2, "Area frame")],
                        help_text="List frame: a list of units; area frame: a map of areas.",
                        null=True,
                        verbose_name="Sampling frame at the last stage",
                    ),
                ),
                (
                    "sample_fraction",
                    models.DecimalField(
                        blank=True,
                        decimal_places=6,
                        help_text="Sample size divided by population size: more than 0, at most 1.",
                        max_digits=7,
                        null=True,
                        verbose_name="Overall sampling fraction",
                    ),
                ),
                (
                    "sampling_error",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="The relative standard error you expect, in percent.",
                        max_digits=5,
                        null=True,
                        verbose_name="Expected sampling error of the main variable (%)",
                    ),
                ),
                (
                    "sample_unit",
                    models.CharField(
                        blank=True,
                        help_text="The unit selected, for example: household.",
                        max_length=150,
                        verbose_name="Sampling unit",
                    ),
                ),
                (
                    "observation_unit",
                    models.CharField(
                        blank=True,
                        help_text="The unit the data describe, for example: household member.",
                        max_length=150,
                        verbose_name="Observation unit",
                    ),
                ),
                (
                    "pilot",
                    models.BooleanField(
                        blank=True,
                        help_text="Is the instrument tried out before the collection?",
                        null=True,
                        verbose_name="Pilot test",
                    ),
                ),
                (
                    "quality_checks",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Choose every method used.",
                        verbose_name="Quality control methods",
                    ),
                ),
                (
                    "nonresponse_adjustment",
                    models.BooleanField(
                        blank=True,
                        help_text="Are estimates adjusted for units that did not respond?",
                        null=True,
                        verbose_name="Non-response adjustment",
                    ),
                ),
                (
                    "collectors",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Agency staff"), (2, "Partners/contract workers"), (3, "Both")],
                        help_text="Who collects the data in the field.",
                        null=True,
                        verbose_name="Field officers",
                    ),
                ),
                (
                    "min_education",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Junior secondary school or lower"),
                            (2, "Senior/vocational secondary school"),
                            (3, "Diploma I/II/III"),
                            (4, "Diploma IV/Bachelor/Master/Doctorate"),
                        ],
                        help_text="The minimum education required of a field officer.",
                        null=True,
                        verbose_name="Lowest education of field officers",
                    ),
                ),
                (
                    "supervisors_count",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Supervisors (penyelia), in persons.",
                        null=True,
                        verbose_name="Number of supervisors",
                    ),
                ),
                (
                    "enumerators_count",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Enumerators (pencacah), in persons.",
                        null=True,
                        verbose_name="Number of enumerators",
                    ),
                ),
                (
                    "training",
                    models.BooleanField(
                        blank=True,
                        help_text="Are field officers trained beforehand?",
                        null=True,
                        verbose_name="Field officer training",
                    ),
                ),
                (
                    "editing",
                    models.BooleanField(
                        blank=True, help_text="Checking answers for consistency.", null=True, verbose_name="Editing"
                    ),
                ),
                (
                    "coding",
                    models.BooleanField(
                        blank=True, help_text="Giving codes to open answers.", null=True, verbose_name="Coding"
                    ),
                ),
                (
                    "data_entry",
                    models.BooleanField(
                        blank=True, help_text="Entering data into a computer.", null=True, verbose_name="Data entry"
                    ),
                ),
                (
                    "validation",
                    models.BooleanField(
                        blank=True,
                        help_text="Checking entered data against validation rules.",
                        null=True,
                        verbose_name="Validation",
                    ),
                ),
                (
                    "analysis_method",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(1, "Descriptive"), (2, "Inferential"), (3, "Both")],
                        help_text="Inferential analysis draws conclusions about the population from the sample.",
                        null=True,
                        verbose_name="Analysis method",
                    ),
                ),
                (
                    "analysis_units",
                    models.JSONField(
                        blank=True, default=list, help_text="Choose all.", verbose_name="Units of analysis"
                    ),
                ),
                (
                    "presentation_levels",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The smallest areas results are shown for.",
                        verbose_name="Level of presentation",
                    ),
                ),
                (
                    "publish_print",
                    models.BooleanField(
                        blank=True,
                        help_text="For example: a book.",
                        null=True,
                        verbose_name="Printed product available to the public",
                    ),
                ),
                (
                    "publish_print_date",
                    models.DateField(
                        blank=True,
                        help_text="The planned date the product is available to the public.",
                        null=True,
                        verbose_name="Planned release of the printed product",
                    ),
                ),
                (
                    "publish_digital",
                    models.BooleanField(
                        blank=True,
                        help_text="For example: a PDF or a web table.",
                        null=True,
                        verbose_name="Digital product available to the public",
                    ),
                ),
                (
                    "publish_digital_date",
                    models.DateField(
                        blank=True,
                        help_text="The planned date the product is available to the public.",
                        null=True,
                        verbose_name="Planned release of the digital product",
                    ),
                ),
                (
                    "publish_microdata",
                    models.BooleanField(
                        blank=True,
                        help_text="Unit-level records, anonymised.",
                        null=True,
                        verbose_name="Microdata available to the public",
                    ),
                ),
                (
                    "publish_microdata_date",
                    models.DateField(
                        blank=True,
                        help_text="The planned date the product is available to the public.",
                        null=True,
                        verbose_name="Planned release of the microdata",
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="submissions", to="romantik.agency"
                    ),
                ),
                (
                    "coverage_regions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Every province or regency/city where data are collected.",
                        related_name="+",
                        to="romantik.region",
                        verbose_name="Provinces and regencies/cities covered",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submissions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agency user",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submissions",
                        to="romantik.office",
                        verbose_name="responsible BPS office",
                    ),
                ),
                (
                    "organizer_province",
                    models.ForeignKey(
                        blank=True,
                        help_text="Province of the agency's address.",
                        limit_choices_to={"level": "provinsi"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="romantik.region",
                        verbose_name="Province",
                    ),
                ),
                (
                    "organizer_regency",
                    models.ForeignKey(
                        blank=True,
                        help_text="Regency or city of the agency's address; empty for an agency in the national capital.",
                        limit_choices_to={"level": "kabkota"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="romantik.region",
                        verbose_name="Regency/city",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recorded_submissions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by officer",
                    ),
                ),
            ],
            options={
                "verbose_name": "submission",
                "verbose_name_plural": "submissions",
                "ordering": ["-updated_at"],
                "indexes": [
                    models.Index(fields=["agency", "-updated_at"], name="submissions_agency__1424d2_idx"),
                    models.Index(fields=["office", "state"], name="submissions_office__50034e_idx"),
                    models.Index(fields=["office", "due_date"], name="submissions_office__025f2b_idx"),
                    models.Index(fields=["state", "due_date"], name="submission_state_due"),
                    models.Index(fields=["state", "clock_paused_on"], name="submission_state_paused"),
                    models.Index(fields=["state", "updated_at"], name="submission_state_updated"),
                    models.Index(
                        condition=models.Q(("year__isnull", False), models.Q(("state", "draf"), _negated=True)),
                        fields=["office", "year"],
                        name="submission_office_years",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SectionDraft",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("section", models.CharField(max_length=20)),
                ("data", models.JSONField(default=dict)),
                ("saved_at", models.DateTimeField(auto_now=True)),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="section_drafts",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("submission", "section"), name="unique_section_draft")],
            },
        ),
        migrations.CreateModel(
            name="Indicator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "name",
                    models.CharField(
                        help_text="For example: Open unemployment rate.", max_length=200, verbose_name="Indicator name"
                    ),
                ),
                (
                    "concept",
                    models.TextField(blank=True, help_text="The idea the indicator measures.", verbose_name="Concept"),
                ),
                (
                    "definition",
                    models.TextField(help_text="The exact meaning of the indicator.", verbose_name="Definition"),
                ),
                (
                    "method",
                    models.TextField(
                        blank=True, help_text="How it is computed.", verbose_name="Calculation method/formula"
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        blank=True, help_text="For example: percentage.", max_length=100, verbose_name="Measure"
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        blank=True, help_text="For example: percent.", max_length=100, verbose_name="Unit"
                    ),
                ),
                (
                    "presentation_classification",
                    models.CharField(
                        blank=True,
                        help_text="For example: by sex and age group.",
                        max_length=200,
                        verbose_name="Presentation classification",
                    ),
                ),
                (
                    "composite",
                    models.BooleanField(
                        default=False,
                        help_text="Built by combining other indicators, like an index.",
                        verbose_name="Composite indicator",
                    ),
                ),
                (
                    "building_indicators",
                    models.TextField(
                        blank=True,
                        help_text="For a composite indicator: the indicators it combines.",
                        verbose_name="Component indicators",
                    ),
                ),
                (
                    "building_variables",
                    models.TextField(
                        blank=True,
                        help_text="The variables the indicator is computed from.",
                        verbose_name="Component variables",
                    ),
                ),
                (
                    "estimation_level",
                    models.CharField(
                        blank=True,
                        help_text="For example: regency/city.",
                        max_length=100,
                        verbose_name="Estimation level",
                    ),
                ),
                (
                    "public",
                    models.BooleanField(
                        default=True,
                        help_text="May the public see this in BPS's catalogue?",
                        verbose_name="Publicly accessible",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "indicator",
                "verbose_name_plural": "indicators",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("surat_pengantar", "Cover letter (surat pengantar)"),
                            ("instrumen", "Questionnaire/instrument"),
                            ("lainnya", "Other supporting document"),
                        ],
                        max_length=20,
                        verbose_name="document",
                    ),
                ),
                ("file", models.FileField(upload_to=submissions.models._attachment_path, verbose_name="file")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("size", models.PositiveIntegerField(verbose_name="size")),
                ("description", models.CharField(blank=True, max_length=200, verbose_name="description")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["kind", "uploaded_at"],
            },
        ),
        migrations.CreateModel(
            name="Variable",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "name",
                    models.CharField(
                        help_text="For example: Age of household head.", max_length=200, verbose_name="Variable name"
                    ),
                ),
                (
                    "alias",
                    models.CharField(
                        blank=True,
                        help_text="A short name, for example: UMUR_KRT.",
                        max_length=100,
                        verbose_name="Alias",
                    ),
                ),
                (
                    "concept",
                    models.TextField(blank=True, help_text="The idea the variable measures.", verbose_name="Concept"),
                ),
                (
                    "definition",
                    models.TextField(
                        help_text="The exact meaning, as enumerators apply it.", verbose_name="Definition"
                    ),
                ),
                (
                    "selection_reference",
                    models.CharField(
                        blank=True,
                        help_text="Who or what the question applies to, for example: household members aged 15+.",
                        max_length=200,
                        verbose_name="Selection reference",
                    ),
                ),
                (
                    "time_reference",
                    models.CharField(
                        blank=True,
                        help_text="For example: the past week.",
                        max_length=200,
                        verbose_name="Time reference",
                    ),
                ),
                (
                    "data_type",
                    models.CharField(
                        choices=[
                            ("karakter", "Text"),
                            ("numerik", "Number"),
                            ("tanggal", "Date"),
                            ("boolean", "Yes/no"),
                        ],
                        help_text="The kind of value recorded: text, number, date or yes/no.",
                        max_length=10,
                        verbose_name="Data type",
                    ),
                ),
                (
                    "classification",
                    models.CharField(
                        blank=True,
                        help_text="The classification or code list answers follow, for example: KBLI 2020.",
                        max_length=200,
                        verbose_name="Answer classification",
                    ),
                ),
                (
                    "validation_rule",
                    models.CharField(
                        blank=True, help_text="For example: 0–120.", max_length=250, verbose_name="Validation rule"
                    ),
                ),
                (
                    "question_text",
                    models.TextField(blank=True, help_text="The question as asked.", verbose_name="Question text"),
                ),
                (
                    "public",
                    models.BooleanField(
                        default=True,
                        help_text="May the public see this in BPS's catalogue?",
                        verbose_name="Publicly accessible",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="FP-KPA: the administrative record the value comes from.",
                        max_length=200,
                        verbose_name="Source",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="variables",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "variable",
                "verbose_name_plural": "variables",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="GuestBookEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("visit_date", models.DateField(verbose_name="date")),
                ("queue_number", models.PositiveIntegerField(verbose_name="queue number")),
                ("name", models.CharField(max_length=150, verbose_name="Name")),
                ("agency_name", models.CharField(max_length=200, verbose_name="Agency or institution")),
                ("position", models.CharField(blank=True, max_length=150, verbose_name="Position")),
                ("email", models.EmailField(max_length=254, verbose_name="E-mail")),
                ("phone", models.CharField(max_length=30, verbose_name="Phone/WhatsApp")),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("rekomendasi", "Statistical activity recommendation"),
                            ("konsultasi", "Statistical consultation"),
                            ("data", "Data request"),
                            ("lainnya", "Other"),
                        ],
                        max_length=20,
                        verbose_name="Purpose of the visit",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("menunggu", "Waiting"), ("dipanggil", "Called"), ("selesai", "Served")],
                        default="menunggu",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("called_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="romantik.agency",
                        verbose_name="Agency",
                    ),
                ),
                (
                    "called_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="guests", to="romantik.office"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="visits",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "guest book entry",
                "verbose_name_plural": "guest book",
                "ordering": ["visit_date", "queue_number"],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "visit_date", "queue_number"), name="unique_queue_number")
                ],
            },
        ),
        migrations.RunPython(
            code=romantik.migration_ops.PostgresStatements(
                (
                    "CREATE INDEX IF NOT EXISTS submission_office_queue ON submissions_submission (office_id, due_date ASC NULLS FIRST, submitted_at ASC NULLS LAST, id)",
                )
            ),
            reverse_code=romantik.migration_ops.PostgresStatements(("DROP INDEX IF EXISTS submission_office_queue",)),
        ),
    ]
