import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import handover.models


class Migration(migrations.Migration):
    replaces = [("handover", "0001_initial"), ("handover", "0002_evidence_pack")]

    initial = True

    dependencies = [
        ("letters", "0005_office_letter_defaults"),
        ("romantik", "0011_office_revision_close"),
        ("submissions", "0009_state_closed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HandOver",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.CharField(max_length=7, verbose_name="period")),
                ("due_date", models.DateField(verbose_name="due date")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("belum", "Not yet handed over"),
                            ("diserahkan", "Handed over, awaiting confirmation"),
                            ("perlu_tambahan", "More requested"),
                            ("diterima", "Received"),
                        ],
                        default="belum",
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("received_at", models.DateTimeField(blank=True, null=True)),
                ("office_note", models.TextField(blank=True, verbose_name="office's note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="handovers", to="letters.letter"
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="handovers",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "ordering": ["due_date", "pk"],
                "indexes": [models.Index(fields=["state", "due_date"], name="handover_ha_state_4e554b_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("submission", "period"), name="handover_one_per_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="HandOverItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("publikasi", "Publication (PDF)"),
                            ("dataset", "Link to the dataset"),
                            ("kuesioner", "Final questionnaire (PDF)"),
                            ("metadata", "Final MS-Keg/MS-Var/MS-Ind (PDF)"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("file", models.FileField(blank=True, upload_to=handover.models._item_path)),
                ("original_name", models.CharField(blank=True, max_length=150)),
                ("pages", models.PositiveIntegerField(blank=True, null=True)),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="link")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "handover",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="items", to="handover.handover"
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HandOverTransition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("belum", "Not yet handed over"),
                            ("diserahkan", "Handed over, awaiting confirmation"),
                            ("perlu_tambahan", "More requested"),
                            ("diterima", "Received"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("belum", "Not yet handed over"),
                            ("diserahkan", "Handed over, awaiting confirmation"),
                            ("perlu_tambahan", "More requested"),
                            ("diterima", "Received"),
                        ],
                        max_length=16,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
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
                    "handover",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="handover.handover"
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="EvidencePack",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting"),
                            ("running", "Being built"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=8,
                    ),
                ),
                ("done", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(default=0)),
                ("file", models.FileField(blank=True, upload_to="handover/evidence/")),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="evidence_packs", to="romantik.agency"
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evidence_packs",
                        to="romantik.office",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["state", "updated_at"], name="handover_ev_state_5ae458_idx")],
            },
        ),
    ]
