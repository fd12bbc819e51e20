import datetime

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import romantik.migration_ops
import romantik.models

# Ported from romantik/migrations/0009_service_standard.py (unchanged). In the squash it runs after the schema:
# the squash is only applied to a database without romantik's tables, so Office is empty and it writes nothing.
BASELINE_EFFECTIVE_FROM = datetime.date(2020, 1, 1)
STANDARD_FIELDS = (
    "sk_number",
    "requirements",
    "procedure",
    "service_time_amount",
    "service_time_unit",
    "service_time_note",
    "cost",
    "products",
    "complaint_channels",
)


def versions_create(apps, schema_editor):
    """Version 1 of every office from its current fields (its guides: the titles of the documents it offers)."""
    from django.utils import timezone

    Office = apps.get_model("romantik", "Office")
    OfficeDocument = apps.get_model("romantik", "OfficeDocument")
    ServiceStandard = apps.get_model("romantik", "ServiceStandard")
    guides = {}
    for office_id, title in OfficeDocument.objects.order_by("kind", "title", "pk").values_list("office_id", "title"):
        guides.setdefault(office_id, []).append(title)
    has_version = set(ServiceStandard.objects.values_list("office_id", flat=True))
    now = timezone.now()
    versions = [
        ServiceStandard(
            office_id=office.pk,
            version=1,
            effective_from=BASELINE_EFFECTIVE_FROM,
            guides=guides.get(office.pk, []),
            applied_at=now,
            **{field: getattr(office, field) for field in STANDARD_FIELDS},
        )
        for office in Office.objects.exclude(pk__in=has_version).only("pk", *STANDARD_FIELDS).iterator()
    ]
    ServiceStandard.objects.bulk_create(versions, batch_size=500)


class Migration(migrations.Migration):
    replaces = [
        ("romantik", "0001_initial"),
        ("romantik", "0002_counter"),
        ("romantik", "0003_office_reviewers_take_work"),
        ("romantik", "0004_office_reminders"),
        ("romantik", "0005_officerole_complaint_handler"),
        ("romantik", "0006_office_letter_settings"),
        ("romantik", "0007_office_document"),
        ("romantik", "0008_agency_acronym"),
        ("romantik", "0009_service_standard"),
        ("romantik", "0010_agency_master"),
        ("romantik", "0011_office_revision_close"),
        ("romantik", "0012_user_bsre_identity"),
        ("romantik", "0013_agency_name_trgm"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                ("email", models.EmailField(max_length=254, unique=True, verbose_name="e-mail address")),
                ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                ("phone", models.CharField(blank=True, max_length=30, verbose_name="mobile phone (WhatsApp)")),
                (
                    "nip",
                    models.CharField(
                        blank=True, help_text="Civil-servant number, for BPS staff.", max_length=30, verbose_name="NIP"
                    ),
                ),
                ("position", models.CharField(blank=True, max_length=150, verbose_name="position")),
                (
                    "language",
                    models.CharField(
                        choices=[("id", "Indonesian"), ("en", "English")],
                        default="id",
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
                ("bsre_checked_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "bsre_identity",
                    models.CharField(
                        blank=True,
                        help_text="The NIK or the e-mail address registered at BSrE, used when letters are signed through BSrE.",
                        max_length=254,
                        verbose_name="BSrE identity (NIK or e-mail)",
                    ),
                ),
                ("bsre_status", models.CharField(blank=True, editable=False, max_length=20)),
            ],
            options={
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
            managers=[
                ("objects", romantik.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=4, unique=True, verbose_name="BPS code")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "level",
                    models.CharField(
                        choices=[("provinsi", "Province"), ("kabkota", "Regency/city")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="romantik.region",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Office",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=4, unique=True, verbose_name="office code")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "level",
                    models.CharField(
                        choices=[("pusat", "BPS RI (central)"), ("provinsi", "Province"), ("kabkota", "Regency/city")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                ("address", models.TextField(blank=True, verbose_name="address")),
                ("phone", models.CharField(blank=True, max_length=60, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("sk_number", models.CharField(blank=True, max_length=120, verbose_name="decree (SK) number")),
                ("requirements", models.JSONField(blank=True, default=list, verbose_name="requirements")),
                (
                    "procedure",
                    models.JSONField(blank=True, default=list, verbose_name="system, mechanism and procedure"),
                ),
                ("service_time_amount", models.PositiveSmallIntegerField(default=30, verbose_name="service time")),
                (
                    "service_time_unit",
                    models.CharField(
                        choices=[("hari", "days"), ("hari_kerja", "working days")],
                        default="hari_kerja",
                        max_length=12,
                        verbose_name="service time unit",
                    ),
                ),
                ("service_time_note", models.TextField(blank=True, verbose_name="service time explanation")),
                ("cost", models.CharField(default="Tidak dipungut biaya", max_length=120, verbose_name="cost")),
                ("products", models.JSONField(blank=True, default=list, verbose_name="service products")),
                ("complaint_channels", models.JSONField(blank=True, default=list, verbose_name="complaint channels")),
                ("letter_code", models.CharField(blank=True, max_length=20, verbose_name="letter code")),
                (
                    "letter_classification",
                    models.CharField(default="VS.300", max_length=20, verbose_name="letter classification"),
                ),
                (
                    "letter_number_pattern",
                    models.CharField(
                        default="B-{seq:03d}/{code}/{classification}/{year}",
                        help_text="Placeholders: {seq}, {code}, {classification}, {month}, {year}.",
                        max_length=120,
                        verbose_name="letter number pattern",
                    ),
                ),
                ("signer_title", models.CharField(blank=True, max_length=150, verbose_name="signer's position")),
                ("whatsapp_enabled", models.BooleanField(default=False, verbose_name="notifications by WhatsApp")),
                (
                    "auto_verify_go_id",
                    models.BooleanField(
                        default=False,
                        help_text="A new user whose e-mail domain ends in .go.id is linked to their agency without manual check.",
                        verbose_name="accept .go.id e-mail addresses automatically",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="romantik.office",
                        verbose_name="parent office",
                    ),
                ),
                (
                    "signer_office",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: the head of this office signs.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="romantik.office",
                        verbose_name="office whose head signs the letters",
                    ),
                ),
                (
                    "region",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="office",
                        to="romantik.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "reviewers_take_work",
                    models.BooleanField(
                        default=True,
                        help_text="Otherwise only a coordinator assigns reviewers.",
                        verbose_name="reviewers may take unassigned submissions",
                    ),
                ),
                (
                    "idle_draft_days",
                    models.PositiveSmallIntegerField(default=30, verbose_name="notice for a draft idle for (days)"),
                ),
                (
                    "reminder_days",
                    models.JSONField(
                        blank=True,
                        default=romantik.models.default_reminder_days,
                        help_text="The reviewers and the coordinator are reminded this many working days before the due date.",
                        verbose_name="reminders before the due date (working days)",
                    ),
                ),
                (
                    "revision_reminder_days",
                    models.PositiveSmallIntegerField(
                        default=14, verbose_name="remind the agency of a revision after (days)"
                    ),
                ),
                (
                    "letter_logo",
                    models.ImageField(
                        blank=True,
                        help_text="PNG or JPEG, shown on the left of the letterhead. Empty: the letterhead has text only.",
                        upload_to="offices/logos/",
                        verbose_name="letterhead logo",
                    ),
                ),
                (
                    "letter_place",
                    models.CharField(
                        blank=True,
                        help_text="The town the office is in, for example: Sampit. Empty: the name of its regency or city.",
                        max_length=80,
                        verbose_name="place in the letter's date line",
                    ),
                ),
                (
                    "signer_on_behalf_of",
                    models.CharField(
                        blank=True,
                        help_text='Printed as "a.n. …" above the signer\'s position, for example: Kepala Badan Pusat Statistik. Empty: when another office signs under the position above, "a.n. Kepala" and the signing office\'s name.',
                        max_length=150,
                        verbose_name="signs on behalf of (a.n.)",
                    ),
                ),
                (
                    "revision_close_days",
                    models.PositiveSmallIntegerField(
                        default=90, verbose_name="close a revision left untouched for (days)"
                    ),
                ),
            ],
            options={
                "verbose_name": "BPS office",
                "verbose_name_plural": "BPS offices",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Agency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="agency name")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("pusat", "Central government (ministry/agency)"),
                            ("provinsi", "Provincial government"),
                            ("kabkota", "Regency/city government"),
                        ],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                ("verified", models.BooleanField(default=False, verbose_name="on the list")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        help_text="Province or regency/city of a local government; empty for a central agency.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agencies",
                        to="romantik.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "acronym",
                    models.CharField(
                        blank=True,
                        help_text="Short name or acronym, for example BAPPEDA.",
                        max_length=30,
                        verbose_name="acronym",
                    ),
                ),
                (
                    "email_domains",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[romantik.models.validate_email_domains],
                        verbose_name="e-mail domains",
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_from",
                        to="romantik.agency",
                        verbose_name="merged into",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="For a local-government agency: its regency/city or provincial government.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="romantik.agency",
                        verbose_name="part of",
                    ),
                ),
            ],
            options={
                "verbose_name": "agency",
                "verbose_name_plural": "agencies",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name"),
                        models.F("region"),
                        name="unique_agency_name_per_region",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("merged_into", models.F("id")), _negated=True),
                        name="agency_not_merged_into_itself",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AgencyMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.CharField(blank=True, max_length=150, verbose_name="position in the agency")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting verification"),
                            ("verified", "Verified"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to="romantik.agency"
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "agency membership",
                "verbose_name_plural": "agency memberships",
                "indexes": [models.Index(fields=["status", "agency"], name="romantik_ag_status_10646b_idx")],
            },
        ),
        migrations.CreateModel(
            name="OfficeClosure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="date")),
                ("reason", models.CharField(max_length=200, verbose_name="reason")),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="closures", to="romantik.office"
                    ),
                ),
            ],
            options={
                "verbose_name": "office closure",
                "verbose_name_plural": "office closures",
                "ordering": ["date"],
                "constraints": [models.UniqueConstraint(fields=("office", "date"), name="unique_office_closure_day")],
            },
        ),
        migrations.CreateModel(
            name="OfficeRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("front_desk", "Front-desk officer (PST)"),
                            ("reviewer", "Reviewer"),
                            ("coordinator", "Coordinator"),
                            ("head", "Head of office"),
                            ("office_admin", "Office administrator"),
                            ("complaint_handler", "Complaint handler"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="staff_roles", to="romantik.office"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="office_roles",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "office role",
                "verbose_name_plural": "office roles",
                "ordering": ["office__code", "role"],
                "constraints": [models.UniqueConstraint(fields=("user", "office", "role"), name="unique_office_role")],
            },
        ),
        migrations.CreateModel(
            name="Counter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=80, unique=True)),
                ("value", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="OfficeDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("panduan", "Guide"),
                            ("booklet", "Booklet"),
                            ("leaflet", "Leaflet"),
                            ("formulir", "Form"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("file", models.FileField(upload_to="offices/documents/", verbose_name="file (PDF)")),
                ("original_name", models.CharField(max_length=200)),
                ("size", models.PositiveIntegerField(default=0)),
                ("pages", models.PositiveSmallIntegerField(default=0)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="romantik.office"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "office document",
                "verbose_name_plural": "office documents",
                "ordering": ["kind", "title", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ServiceStandard",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                ("sk_number", models.CharField(blank=True, max_length=120, verbose_name="decree (SK) number")),
                ("sk_date", models.DateField(blank=True, null=True, verbose_name="decree (SK) date")),
                ("effective_from", models.DateField(verbose_name="effective from")),
                ("requirements", models.JSONField(blank=True, default=list, verbose_name="requirements")),
                (
                    "procedure",
                    models.JSONField(blank=True, default=list, verbose_name="system, mechanism and procedure"),
                ),
                ("service_time_amount", models.PositiveSmallIntegerField(verbose_name="service time")),
                (
                    "service_time_unit",
                    models.CharField(
                        choices=[("hari", "days"), ("hari_kerja", "working days")],
                        max_length=12,
                        verbose_name="service time unit",
                    ),
                ),
                ("service_time_note", models.TextField(blank=True, verbose_name="service time explanation")),
                ("cost", models.CharField(blank=True, max_length=120, verbose_name="cost")),
                ("products", models.JSONField(blank=True, default=list, verbose_name="service products")),
                ("complaint_channels", models.JSONField(blank=True, default=list, verbose_name="complaint channels")),
                ("guides", models.JSONField(blank=True, default=list, verbose_name="guides")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="published at")),
                ("applied_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="standards", to="romantik.office"
                    ),
                ),
            ],
            options={
                "verbose_name": "service standard",
                "verbose_name_plural": "service standards",
                "ordering": ["office", "-effective_from", "-version"],
                "indexes": [models.Index(fields=["applied_at", "effective_from"], name="standard_to_apply")],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "version"), name="unique_service_standard_version")
                ],
            },
        ),
        migrations.RunPython(
            code=romantik.migration_ops.PostgresStatements(
                (
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX IF NOT EXISTS agency_name_trgm_gin ON romantik_agency USING gin ((UPPER(name::text)) gin_trgm_ops)",
                )
            ),
            reverse_code=romantik.migration_ops.PostgresStatements(("DROP INDEX IF EXISTS agency_name_trgm_gin",)),
        ),
        migrations.RunPython(
            code=versions_create,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
