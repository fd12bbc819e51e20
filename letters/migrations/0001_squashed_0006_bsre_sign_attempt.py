import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import letters.models


# Ported from letters/migrations/0004_letter_numbered_by.py. In the squash it runs after the schema (the old
# unique_letter_seq_per_office_year constraint is never created): the squash is only applied to a database without
# the letters' tables, so it finds no letter.
def numbered_by_own_office(apps, schema_editor):
    """Letters numbered before this migration drew from their own office's sequence."""
    Letter = apps.get_model("letters", "Letter")
    Letter.objects.filter(seq__isnull=False).update(numbered_by=models.F("office"))


class Migration(migrations.Migration):
    replaces = [
        ("letters", "0001_initial"),
        ("letters", "0002_signing_job"),
        ("letters", "0003_letter_transition"),
        ("letters", "0004_letter_numbered_by"),
        ("letters", "0005_office_letter_defaults"),
        ("letters", "0006_bsre_sign_attempt"),
    ]

    initial = True

    dependencies = [
        ("romantik", "0003_office_reviewers_take_work"),
        ("romantik", "0006_office_letter_settings"),
        ("romantik", "0008_agency_acronym"),
        ("submissions", "0001_initial"),
        ("submissions", "0007_cover_letter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SigningCertificate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pkcs12_encrypted", models.BinaryField()),
                ("subject", models.CharField(max_length=300, verbose_name="certificate subject")),
                ("serial", models.CharField(max_length=80)),
                ("not_before", models.DateTimeField()),
                ("not_after", models.DateTimeField()),
                ("demo", models.BooleanField(default=False, verbose_name="demo certificate")),
                ("active", models.BooleanField(default=True)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signing_certificates",
                        to="romantik.office",
                    ),
                ),
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
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signing_certificates",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "signing certificate",
                "verbose_name_plural": "signing certificates",
                "ordering": ["-uploaded_at"],
            },
        ),
        migrations.CreateModel(
            name="Letter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draf", "Draft"),
                            ("menunggu_ttd", "Awaiting signature"),
                            ("dikembalikan", "Returned by the head"),
                            ("ditandatangani", "Signed"),
                        ],
                        default="draf",
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                ("decision", models.CharField(max_length=20, verbose_name="decision")),
                ("sifat", models.CharField(default="Biasa", max_length=50, verbose_name="nature (sifat)")),
                ("subject", models.CharField(max_length=250, verbose_name="subject (hal)")),
                ("addressee", models.TextField(verbose_name="addressee")),
                ("body_text", models.TextField(verbose_name="advice or reasons")),
                ("tembusan", models.TextField(blank=True, verbose_name="copies to (tembusan)")),
                ("head_note", models.TextField(blank=True, verbose_name="head's note when sending back")),
                (
                    "render_state",
                    models.CharField(
                        choices=[("antre", "Being prepared"), ("siap", "Ready"), ("gagal", "Failed")],
                        default="antre",
                        max_length=8,
                    ),
                ),
                ("render_error", models.TextField(blank=True)),
                ("draft_pdf", models.FileField(blank=True, upload_to=letters.models._draft_path)),
                ("draft_version", models.PositiveIntegerField(default=0)),
                (
                    "number",
                    models.CharField(blank=True, max_length=80, null=True, unique=True, verbose_name="letter number"),
                ),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("seq", models.PositiveIntegerField(blank=True, null=True)),
                ("letter_date", models.DateField(blank=True, null=True, verbose_name="letter date")),
                ("signed_pdf", models.FileField(blank=True, upload_to=letters.models._signed_path)),
                ("sha256", models.CharField(blank=True, max_length=64)),
                ("signed_at", models.DateTimeField(blank=True, null=True)),
                ("verify_token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
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
                        on_delete=django.db.models.deletion.PROTECT, related_name="letters", to="romantik.office"
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="letters_signed",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signer_office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="letters_to_sign",
                        to="romantik.office",
                    ),
                ),
                (
                    "submission",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="letter", to="submissions.submission"
                    ),
                ),
                ("lampiran_pdf", models.FileField(blank=True, upload_to=letters.models._lampiran_path)),
                (
                    "numbered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="letters_numbered",
                        to="romantik.office",
                    ),
                ),
            ],
            options={
                "verbose_name": "letter",
                "verbose_name_plural": "letters",
                "indexes": [models.Index(fields=["signer_office", "state"], name="letters_let_signer__fb3fae_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("numbered_by", "year", "seq"), name="unique_letter_seq_per_numbering_office_year"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SigningJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("antre", "Queued"),
                            ("berjalan", "Being signed"),
                            ("selesai", "Done"),
                            ("gagal", "Failed"),
                        ],
                        default="antre",
                        max_length=10,
                    ),
                ),
                ("sealed_key", models.BinaryField(blank=True, default=b"")),
                ("error", models.TextField(blank=True)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="signing_jobs", to="letters.letter"
                    ),
                ),
                (
                    "signer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "signing job",
                "verbose_name_plural": "signing jobs",
                "indexes": [models.Index(fields=["state", "updated_at"], name="letters_sig_state_f05b10_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("state__in", ("antre", "berjalan"))),
                        fields=("letter",),
                        name="one_open_signing_job_per_letter",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="LetterTransition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("draf", "Draft"),
                            ("menunggu_ttd", "Awaiting signature"),
                            ("dikembalikan", "Returned by the head"),
                            ("ditandatangani", "Signed"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draf", "Draft"),
                            ("menunggu_ttd", "Awaiting signature"),
                            ("dikembalikan", "Returned by the head"),
                            ("ditandatangani", "Signed"),
                        ],
                        max_length=20,
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
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="letters.letter"
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="OfficeLetterDefaults",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tembusan", models.TextField(blank=True, verbose_name="copies to (tembusan)")),
                (
                    "office",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="letter_defaults",
                        to="romantik.office",
                    ),
                ),
            ],
            options={
                "verbose_name": "office letter defaults",
                "verbose_name_plural": "office letter defaults",
            },
        ),
        migrations.CreateModel(
            name="BsreSignAttempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("dikirim", "Sent, waiting for the answer"),
                            ("ditandatangani", "Signed and confirmed"),
                            ("diterima", "Signed file received, not confirmed yet"),
                            ("dikonfirmasi", "Being confirmed"),
                            ("ditolak", "Refused by the service"),
                            ("gagal", "Not sent"),
                            ("tidak_ditandatangani", "Confirmed: no signature received"),
                        ],
                        default="dikirim",
                        max_length=24,
                    ),
                ),
                ("sent_pdf", models.FileField(blank=True, upload_to=letters.models._bsre_path)),
                ("sent_sha256", models.CharField(blank=True, max_length=64)),
                ("signed_pdf", models.FileField(blank=True, upload_to=letters.models._bsre_path)),
                ("draft_version", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("settled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="bsre_attempts",
                        to="letters.signingjob",
                    ),
                ),
                (
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="bsre_attempts", to="letters.letter"
                    ),
                ),
                (
                    "signer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "BSrE signing attempt",
                "verbose_name_plural": "BSrE signing attempts",
                "indexes": [models.Index(fields=["state", "updated_at"], name="letters_bsr_state_6c0555_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("state__in", ("dikirim", "diterima", "dikonfirmasi"))),
                        fields=("letter",),
                        name="one_unsettled_bsre_attempt_per_letter",
                    )
                ],
            },
        ),
        migrations.RunPython(
            code=numbered_by_own_office,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
