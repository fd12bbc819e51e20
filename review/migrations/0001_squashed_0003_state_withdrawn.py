import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("review", "0001_initial"), ("review", "0002_initial"), ("review", "0003_state_withdrawn")]

    initial = True

    dependencies = [
        ("romantik", "0003_office_reviewers_take_work"),
        ("submissions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Comment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="comment")),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "author",
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
                        related_name="comments",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "internal comment",
                "verbose_name_plural": "internal comments",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Consultation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("question", models.TextField(verbose_name="question")),
                ("asked_at", models.DateTimeField(auto_now_add=True)),
                ("answer", models.TextField(blank=True, verbose_name="answer")),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="consultations",
                        to="submissions.submission",
                    ),
                ),
                (
                    "to_office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="consultations_received",
                        to="romantik.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "to_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="consultations_received",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="colleague",
                    ),
                ),
            ],
            options={
                "verbose_name": "consultation",
                "verbose_name_plural": "consultations",
                "ordering": ["asked_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("to_user__isnull", False), ("to_office__isnull", False), _connector="OR"),
                        name="consultation_has_addressee",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RoundSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
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
                "constraints": [models.UniqueConstraint(fields=("submission", "round"), name="unique_round_snapshot")],
            },
        ),
        migrations.CreateModel(
            name="SectionNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("round", models.PositiveSmallIntegerField(verbose_name="round")),
                ("section", models.CharField(max_length=20, verbose_name="section")),
                ("field", models.CharField(blank=True, max_length=50, verbose_name="question")),
                ("text", models.TextField(verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("response", models.TextField(blank=True, verbose_name="agency's response")),
                ("addressed_at", models.DateTimeField(blank=True, null=True, verbose_name="addressed")),
                (
                    "author",
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
                        on_delete=django.db.models.deletion.CASCADE, related_name="notes", to="submissions.submission"
                    ),
                ),
            ],
            options={
                "verbose_name": "section note",
                "verbose_name_plural": "section notes",
                "ordering": ["round", "pk"],
                "indexes": [models.Index(fields=["submission", "round"], name="review_sect_submiss_341f9a_idx")],
            },
        ),
        migrations.CreateModel(
            name="Transition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
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
                "indexes": [models.Index(fields=["submission", "at"], name="review_tran_submiss_d92883_idx")],
            },
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "assigned_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="submissions.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "assignment",
                "verbose_name_plural": "assignments",
                "ordering": ["at", "pk"],
                "constraints": [models.UniqueConstraint(fields=("submission", "reviewer"), name="unique_assignment")],
            },
        ),
    ]
