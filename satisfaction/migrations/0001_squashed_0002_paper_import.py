import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("satisfaction", "0001_initial"), ("satisfaction", "0002_paper_import")]

    initial = True

    dependencies = [
        ("romantik", "0004_office_reminders"),
        ("romantik", "0005_officerole_complaint_handler"),
        ("submissions", "0002_reminder_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SurveyResponse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("online", "Online (after the letter)"),
                            ("kios", "Front-desk kiosk"),
                            ("kertas", "Paper questionnaire"),
                        ],
                        max_length=8,
                        verbose_name="source",
                    ),
                ),
                ("answered_on", models.DateField(verbose_name="answered on")),
                (
                    "u1",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Not suitable"), (2, "Less suitable"), (3, "Suitable"), (4, "Very suitable")],
                        verbose_name="U1",
                    ),
                ),
                (
                    "u2",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Not easy"), (2, "Less easy"), (3, "Easy"), (4, "Very easy")], verbose_name="U2"
                    ),
                ),
                (
                    "u3",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Not fast"), (2, "Less fast"), (3, "Fast"), (4, "Very fast")], verbose_name="U3"
                    ),
                ),
                (
                    "u4",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Very expensive"), (2, "Fairly expensive"), (3, "Cheap"), (4, "Free of charge")],
                        verbose_name="U4",
                    ),
                ),
                (
                    "u5",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Not suitable"), (2, "Less suitable"), (3, "Suitable"), (4, "Very suitable")],
                        verbose_name="U5",
                    ),
                ),
                (
                    "u6",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Not competent"), (2, "Less competent"), (3, "Competent"), (4, "Very competent")],
                        verbose_name="U6",
                    ),
                ),
                (
                    "u7",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Not polite and friendly"),
                            (2, "Less polite and friendly"),
                            (3, "Polite and friendly"),
                            (4, "Very polite and friendly"),
                        ],
                        verbose_name="U7",
                    ),
                ),
                (
                    "u8",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Not available"),
                            (2, "Available but not working"),
                            (3, "Working, but not fully"),
                            (4, "Well managed"),
                        ],
                        verbose_name="U8",
                    ),
                ),
                (
                    "u9",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Poor"), (2, "Fair"), (3, "Good"), (4, "Very good")], verbose_name="U9"
                    ),
                ),
                ("comment", models.TextField(blank=True, max_length=2000, verbose_name="comment or suggestion")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "guest",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="survey_response",
                        to="submissions.guestbookentry",
                        verbose_name="guest-book entry",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="survey_responses",
                        to="romantik.office",
                        verbose_name="BPS office",
                    ),
                ),
                (
                    "respondent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="respondent",
                    ),
                ),
                (
                    "submission",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="survey_response",
                        to="submissions.submission",
                        verbose_name="submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "satisfaction survey response",
                "verbose_name_plural": "satisfaction survey responses",
                "ordering": ["-answered_on", "-pk"],
                "indexes": [models.Index(fields=["office", "answered_on"], name="skm_office_answered_on")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("u1__gte", 1), ("u1__lte", 4)), name="skm_u1_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u2__gte", 1), ("u2__lte", 4)), name="skm_u2_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u3__gte", 1), ("u3__lte", 4)), name="skm_u3_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u4__gte", 1), ("u4__lte", 4)), name="skm_u4_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u5__gte", 1), ("u5__lte", 4)), name="skm_u5_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u6__gte", 1), ("u6__lte", 4)), name="skm_u6_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u7__gte", 1), ("u7__lte", 4)), name="skm_u7_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u8__gte", 1), ("u8__lte", 4)), name="skm_u8_1_to_4"),
                    models.CheckConstraint(condition=models.Q(("u9__gte", 1), ("u9__lte", 4)), name="skm_u9_1_to_4"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("guest__isnull", True), ("source", "online"), ("submission__isnull", False)),
                            models.Q(("guest__isnull", False), ("source", "kios"), ("submission__isnull", True)),
                            models.Q(("guest__isnull", True), ("source", "kertas"), ("submission__isnull", True)),
                            _connector="OR",
                        ),
                        name="skm_source_matches_link",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PaperImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sha256", models.CharField(max_length=64)),
                ("file_name", models.CharField(max_length=255)),
                ("count", models.PositiveIntegerField()),
                ("imported_at", models.DateTimeField(auto_now_add=True)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="romantik.office"
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("office", "sha256"), name="skm_paper_import_once")],
            },
        ),
        migrations.AddField(
            model_name="surveyresponse",
            name="paper_import",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="satisfaction.paperimport",
            ),
        ),
    ]
