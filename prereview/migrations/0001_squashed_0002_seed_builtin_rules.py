from django.db import migrations, models


# Ported from prereview/migrations/0002_seed_builtin_rules.py.
def seed(apps, schema_editor):
    from prereview.services import rules_seed

    rules_seed(model=apps.get_model("prereview", "Rule"))


class Migration(migrations.Migration):
    replaces = [("prereview", "0001_rule_catalogue"), ("prereview", "0002_seed_builtin_rules")]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Rule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(max_length=60, unique=True, verbose_name="key")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("supervisors_exceed_enumerators", "More supervisors than enumerators"),
                            ("capi_cati_without_pilot", "CAPI or CATI without a pilot test"),
                            ("sampling_error_above", "Sampling error above the threshold (%)"),
                            ("sample_design_for_compilation", "A sample design for a compilation"),
                            ("compilation_title", "A compilation whose title does not say so"),
                            ("analysis_before_collection", "Analysis ends before data collection ends"),
                            ("variable_without_definition", "A variable without definition or question text"),
                            ("presentation_beyond_coverage", "Presentation levels beyond the coverage"),
                            ("repeated_without_previous", "Repeated, without the previous recommendation"),
                        ],
                        max_length=40,
                        verbose_name="check",
                    ),
                ),
                ("enabled", models.BooleanField(default=True, verbose_name="enabled")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "section",
                    models.CharField(
                        help_text="For example: 4, 6, variables.", max_length=20, verbose_name="section of the form"
                    ),
                ),
                (
                    "field",
                    models.CharField(
                        blank=True,
                        help_text="The field the result is shown next to; empty: the section.",
                        max_length=60,
                        verbose_name="question",
                    ),
                ),
                (
                    "threshold",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=9, null=True, verbose_name="threshold"
                    ),
                ),
                (
                    "parameter",
                    models.CharField(
                        blank=True,
                        help_text="For the title check: the words, comma-separated.",
                        max_length=200,
                        verbose_name="parameter",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="rule")),
                ("pass_text", models.CharField(blank=True, max_length=300, verbose_name="text when it passes")),
                ("violation_text", models.TextField(verbose_name="reason when violated")),
                ("fix_text", models.TextField(verbose_name="how to fix")),
                ("unknown_text", models.CharField(max_length=300, verbose_name="text when it cannot be judged yet")),
            ],
            options={
                "verbose_name": "pre-review rule",
                "verbose_name_plural": "pre-review rules",
                "ordering": ["position", "key"],
            },
        ),
        migrations.RunPython(
            code=seed,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
