"""Celery application: workers and beat run the same code as the web server."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "romantik.settings")

app = Celery("romantik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
