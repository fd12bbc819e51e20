import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("notifications", "0001_initial"),
        ("notifications", "0002_initial"),
        ("notifications", "0003_channel_preference"),
        ("notifications", "0004_message_office"),
        ("notifications", "0005_whatsapp_verification"),
    ]

    initial = True

    dependencies = [
        ("romantik", "0004_office_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "address",
                    models.CharField(
                        help_text="E-mail address or phone number.", max_length=254, verbose_name="address"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("email", "E-mail"), ("whatsapp", "WhatsApp")],
                        default="email",
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                ("template", models.CharField(max_length=100, verbose_name="template")),
                ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                ("language", models.CharField(default="id", max_length=5, verbose_name="language")),
                (
                    "state",
                    models.CharField(
                        choices=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
                        default="queued",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                ("idempotency_key", models.CharField(default=uuid.uuid4, max_length=200, unique=True)),
                ("subject_ref", models.CharField(blank=True, db_index=True, max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="messages",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="messages",
                        to="romantik.office",
                    ),
                ),
            ],
            options={
                "verbose_name": "message",
                "verbose_name_plural": "messages",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
                    models.Index(fields=["office", "state", "-created_at"], name="outbox_office_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ChannelPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.BooleanField(default=True, verbose_name="e-mail")),
                (
                    "whatsapp",
                    models.BooleanField(
                        blank=True, help_text="Empty: as the office offers.", null=True, verbose_name="WhatsApp"
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="channel_preference",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("whatsapp_number", models.CharField(blank=True, max_length=20, verbose_name="WhatsApp number")),
                (
                    "whatsapp_verified_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="WhatsApp number verified at"),
                ),
            ],
            options={
                "verbose_name": "channel preference",
                "verbose_name_plural": "channel preferences",
            },
        ),
        migrations.CreateModel(
            name="WhatsAppCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=20, verbose_name="WhatsApp number")),
                ("code_hash", models.CharField(max_length=128)),
                ("sent_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="whatsapp_code",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "WhatsApp verification code",
                "verbose_name_plural": "WhatsApp verification codes",
            },
        ),
    ]
