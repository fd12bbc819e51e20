import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import romantik.migration_ops

# Ported from submissions/migrations/0006_transition_roundsnapshot_from_review.py.
MOVED = ("transition", "roundsnapshot")


def _content_types(apps, from_app: str, to_app: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = ContentType.objects.db
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=to_app, model=model).exists():
            ContentType.objects.using(db).filter(app_label=from_app, model=model).update(app_label=to_app)


def content_types_forwards(apps, schema_editor):
    _content_types(apps, "review", "submissions")


def content_types_backwards(apps, schema_editor):
    _content_types(apps, "submissions", "review")


class Migration(migrations.Migration):
    replaces = [
        ("submissions", "0006_transition_roundsnapshot_from_review"),
        ("submissions", "0007_cover_letter"),
        ("submissions", "0008_guest_source_office_links"),
        ("submissions", "0009_state_closed"),
        ("submissions", "0010_submission_renews"),
        ("submissions", "0011_burden_and_standard_classification"),
        ("submissions", "0012_title_number_trgm"),
    ]

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("review", "0003_state_withdrawn"),
        ("romantik", "0006_office_letter_settings"),
        ("submissions", "0005_state_withdrawn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Transition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "from_state",
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
                                max_length=20,
                                verbose_name="from",
                            ),
                        ),
                        (
                            "to_state",
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
                                max_length=20,
                                verbose_name="to",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("round", models.PositiveSmallIntegerField(default=1, verbose_name="round")),
                        ("at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                        (
                            "actor",
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
                                related_name="transitions",
                                to="submissions.submission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "state change",
                        "verbose_name_plural": "state changes",
                        "ordering": ["at", "pk"],
                        "db_table": "review_transition",
                        "indexes": [models.Index(fields=["submission", "at"], name="review_tran_submiss_d92883_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="RoundSnapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("round", models.PositiveSmallIntegerField(verbose_name="round")),
                        ("data", models.JSONField()),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="snapshots",
                                to="submissions.submission",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["round"],
                        "db_table": "review_roundsnapshot",
                        "constraints": [
                            models.UniqueConstraint(fields=("submission", "round"), name="unique_round_snapshot")
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(
            name="transition",
            table=None,
        ),
        migrations.AlterModelTable(
            name="roundsnapshot",
            table=None,
        ),
        migrations.RenameIndex(
            model_name="transition",
            new_name="submissions_submiss_5733bf_idx",
            old_name="review_tran_submiss_d92883_idx",
        ),
        migrations.RunPython(
            code=content_types_forwards,
            reverse_code=content_types_backwards,
        ),
        migrations.AddField(
            model_name="submission",
            name="cover_letter_date",
            field=models.DateField(
                blank=True,
                help_text="The date written on the cover letter.",
                null=True,
                verbose_name="Cover letter date",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="cover_letter_number",
            field=models.CharField(
                blank=True,
                help_text="The number of the agency's cover letter, as written on it.",
                max_length=100,
                verbose_name="Cover letter number",
            ),
        ),
        migrations.AddField(
            model_name="guestbookentry",
            name="source",
            field=models.CharField(
                choices=[("petugas", "Front desk"), ("kios", "Kiosk")],
                default="petugas",
                max_length=10,
                verbose_name="written by",
            ),
        ),
        migrations.CreateModel(
            name="OfficeLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "purpose",
                    models.CharField(
                        choices=[("kios", "Guest-book kiosk"), ("layar", "Waiting-room screen")],
                        max_length=10,
                        verbose_name="purpose",
                    ),
                ),
                ("nonce", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="issued")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
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
                        on_delete=django.db.models.deletion.CASCADE, related_name="links", to="romantik.office"
                    ),
                ),
                (
                    "revoked_by",
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
                "verbose_name": "office link",
                "verbose_name_plural": "office links",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("office", "purpose"),
                        name="one_office_link_in_use",
                    )
                ],
            },
        ),
        migrations.AlterField(
            model_name="submission",
            name="state",
            field=models.CharField(
                choices=[
                    ("draf", "Draft"),
                    ("diajukan", "Submitted"),
                    ("diperiksa", "Under review"),
                    ("perlu_perbaikan", "Needs revision"),
                    ("layak", "Feasible"),
                    ("tidak_layak", "Not feasible"),
                    ("surat_terbit", "Letter issued"),
                    ("ditarik", "Withdrawn"),
                    ("ditutup", "Closed (no revision)"),
                ],
                default="draf",
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="transition",
            name="from_state",
            field=models.CharField(
                choices=[
                    ("draf", "Draft"),
                    ("diajukan", "Submitted"),
                    ("diperiksa", "Under review"),
                    ("perlu_perbaikan", "Needs revision"),
                    ("layak", "Feasible"),
                    ("tidak_layak", "Not feasible"),
                    ("surat_terbit", "Letter issued"),
                    ("ditarik", "Withdrawn"),
                    ("ditutup", "Closed (no revision)"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="transition",
            name="to_state",
            field=models.CharField(
                choices=[
                    ("draf", "Draft"),
                    ("diajukan", "Submitted"),
                    ("diperiksa", "Under review"),
                    ("perlu_perbaikan", "Needs revision"),
                    ("layak", "Feasible"),
                    ("tidak_layak", "Not feasible"),
                    ("surat_terbit", "Letter issued"),
                    ("ditarik", "Withdrawn"),
                    ("ditutup", "Closed (no revision)"),
                ],
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="renews",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="renewals",
                to="submissions.submission",
                verbose_name="renews",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="questionnaire_minutes",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How long one respondent takes to answer, as tried in the pilot or estimated by the agency.",
                null=True,
                verbose_name="Minutes per questionnaire",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="respondents_count",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="How many respondents answer the questionnaire (the sample size, or everyone in a census).",
                null=True,
                verbose_name="Number of respondents",
            ),
        ),
        migrations.AddField(
            model_name="variable",
            name="standard_classification",
            field=models.CharField(
                blank=True,
                help_text="A standard BPS classification the answers follow, for example KBLI 2020.",
                max_length=40,
                verbose_name="Standard classification",
            ),
        ),
        migrations.RunPython(
            code=romantik.migration_ops.PostgresStatements(
                (
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX IF NOT EXISTS submission_title_trgm_gin ON submissions_submission USING gin ((UPPER(title::text)) gin_trgm_ops)",
                    "CREATE INDEX IF NOT EXISTS submission_number_trgm_gin ON submissions_submission USING gin ((UPPER(number::text)) gin_trgm_ops)",
                )
            ),
            reverse_code=romantik.migration_ops.PostgresStatements(
                ("DROP INDEX IF EXISTS submission_number_trgm_gin", "DROP INDEX IF EXISTS submission_title_trgm_gin")
            ),
        ),
    ]
