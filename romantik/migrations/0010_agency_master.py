"""Agencies as master data (issue 18): the local government an agency belongs to, its e-mail domains, and the
agency a merged duplicate was merged into. `verified` now reads "on the list" (romantik.models.Agency)."""

import django.db.models.deletion
from django.db import migrations, models

import romantik.models


class Migration(migrations.Migration):
    dependencies = [
        ("romantik", "0009_service_standard"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="email_domains",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[romantik.models.validate_email_domains],
                verbose_name="e-mail domains",
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_from",
                to="romantik.agency",
                verbose_name="merged into",
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="For a local-government agency: its regency/city or provincial government.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="romantik.agency",
                verbose_name="part of",
            ),
        ),
        migrations.AlterField(
            model_name="agency",
            name="verified",
            field=models.BooleanField(default=False, verbose_name="on the list"),
        ),
        migrations.AddConstraint(
            model_name="agency",
            constraint=models.CheckConstraint(
                condition=models.Q(("merged_into", models.F("id")), _negated=True),
                name="agency_not_merged_into_itself",
            ),
        ),
    ]
