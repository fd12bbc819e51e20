import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("supervision", "0001_initial"),
        ("supervision", "0002_officemonth_closed"),
        ("supervision", "0003_office_now"),
    ]

    initial = True

    dependencies = [
        ("romantik", "0009_service_standard"),
        ("romantik", "0012_user_bsre_identity"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfficeMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(verbose_name="month")),
                ("decided", models.PositiveIntegerField(default=0)),
                ("on_time", models.PositiveIntegerField(default=0)),
                ("not_feasible", models.PositiveIntegerField(default=0)),
                ("revisions", models.PositiveIntegerField(default=0)),
                ("withdrawn", models.PositiveIntegerField(default=0)),
                ("durations", models.JSONField(default=dict)),
                ("refreshed_at", models.DateTimeField()),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="romantik.office"
                    ),
                ),
                ("closed", models.PositiveIntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["month", "office"], name="supervision_month_office")],
                "constraints": [models.UniqueConstraint(fields=("office", "month"), name="supervision_office_month")],
            },
        ),
        migrations.CreateModel(
            name="OfficeNow",
            fields=[
                (
                    "office",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="romantik.office",
                    ),
                ),
                ("open_by_state", models.JSONField(default=dict)),
                ("overdue", models.PositiveIntegerField(default=0)),
                ("complaints_open", models.PositiveIntegerField(default=0)),
                ("complaints_overdue", models.PositiveIntegerField(default=0)),
                ("handovers_due", models.PositiveIntegerField(default=0)),
                ("handovers_done", models.PositiveIntegerField(default=0)),
                ("handovers_overdue", models.PositiveIntegerField(default=0)),
                ("refreshed_at", models.DateTimeField()),
            ],
        ),
    ]
