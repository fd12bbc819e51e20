import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import complaints.models


class Migration(migrations.Migration):
    replaces = [("complaints", "0001_initial"), ("complaints", "0002_tracking_key")]

    initial = True

    dependencies = [
        ("romantik", "0005_officerole_complaint_handler"),
        ("submissions", "0002_reminder_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Complaint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="tracking number")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("waktu_layanan", "Service time"),
                            ("persyaratan", "Requirements"),
                            ("perilaku_petugas", "Officer behaviour"),
                            ("isi_surat", "Letter content"),
                            ("sistem", "System (the Romantik application)"),
                            ("lainnya", "Other"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("sederhana", "Simple: resolved within 5 working days"),
                            ("tidak_sederhana", "Not simple (no field check): resolved within 14 working days"),
                        ],
                        default="sederhana",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("diterima", "Received"),
                            ("diproses", "In progress"),
                            ("selesai", "Resolved"),
                            ("ditolak", "Rejected"),
                        ],
                        default="diterima",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("description", models.TextField(verbose_name="description")),
                ("contact_name", models.CharField(max_length=150, verbose_name="name")),
                ("contact_email", models.EmailField(max_length=254, verbose_name="e-mail")),
                ("contact_phone", models.CharField(blank=True, max_length=30, verbose_name="phone")),
                (
                    "attachment",
                    models.FileField(
                        blank=True, upload_to=complaints.models._attachment_path, verbose_name="attachment"
                    ),
                ),
                ("attachment_name", models.CharField(blank=True, max_length=200, verbose_name="file name")),
                ("attachment_type", models.CharField(blank=True, max_length=40)),
                ("attachment_size", models.PositiveIntegerField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="filed")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("first_response_at", models.DateTimeField(blank=True, null=True, verbose_name="first response")),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                ("first_response_due", models.DateField(verbose_name="first response due")),
                ("resolution_due", models.DateField(verbose_name="resolution due")),
                (
                    "complainant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="complaints",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="complaints", to="romantik.office"
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="complaints",
                        to="submissions.submission",
                    ),
                ),
                ("tracking_key_hash", models.CharField(blank=True, editable=False, max_length=64)),
            ],
            options={
                "verbose_name": "complaint",
                "verbose_name_plural": "complaints",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["office", "status", "resolution_due"], name="complaint_queue_idx"),
                    models.Index(fields=["office", "-created_at"], name="complaint_office_new_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ComplaintEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("balasan", "Reply"),
                            ("status", "Status change"),
                            ("catatan", "Internal note"),
                            ("jenis", "Kind change"),
                            ("tautan", "New tracking link sent"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("public", models.BooleanField(default=True, verbose_name="visible to the complainant")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("diterima", "Received"),
                            ("diproses", "In progress"),
                            ("selesai", "Resolved"),
                            ("ditolak", "Rejected"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("diterima", "Received"),
                            ("diproses", "In progress"),
                            ("selesai", "Resolved"),
                            ("ditolak", "Rejected"),
                        ],
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="complaints.complaint"
                    ),
                ),
            ],
            options={
                "verbose_name": "complaint event",
                "verbose_name_plural": "complaint events",
                "ordering": ["created_at", "pk"],
                "indexes": [models.Index(fields=["complaint", "created_at"], name="complaint_event_idx")],
            },
        ),
    ]
