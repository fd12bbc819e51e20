# The submission's state log (Transition) and its round snapshots (RoundSnapshot) move from review to submissions,
# with the one door that writes them (submissions/workflow.py). No row is copied: the state takes over the models
# as review left them (review 0003), then the tables and the log's index get submissions' names, and the content
# types (with their permissions and admin history) follow the models. review 0004 drops them from review's state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

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


STATES = [
    ("draf", "Draft"),
    ("diajukan", "Submitted"),
    ("diperiksa", "Under review"),
    ("perlu_perbaikan", "Needs revision"),
    ("layak", "Feasible"),
    ("tidak_layak", "Not feasible"),
    ("surat_terbit", "Letter issued"),
    ("ditarik", "Withdrawn"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("review", "0003_state_withdrawn"),
        ("submissions", "0005_state_withdrawn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Transition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("from_state", models.CharField(choices=STATES, max_length=20, verbose_name="from")),
                        ("to_state", models.CharField(choices=STATES, max_length=20, verbose_name="to")),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("round", models.PositiveSmallIntegerField(default=1, verbose_name="round")),
                        ("at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("submission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="submissions.submission")),
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
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("round", models.PositiveSmallIntegerField(verbose_name="round")),
                        ("data", models.JSONField()),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("submission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="snapshots", to="submissions.submission")),
                    ],
                    options={
                        "ordering": ["round"],
                        "db_table": "review_roundsnapshot",
                        "constraints": [models.UniqueConstraint(fields=("submission", "round"), name="unique_round_snapshot")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="transition", table=None),
        migrations.AlterModelTable(name="roundsnapshot", table=None),
        migrations.RenameIndex(
            model_name="transition", new_name="submissions_submiss_5733bf_idx", old_name="review_tran_submiss_d92883_idx"
        ),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
