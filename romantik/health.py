"""/health/: database, broker and storage, each checked for real; 503 when one is down."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from romantik.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        # Opening a channel is a real round trip (Redis: PING); the filesystem
        # transport needs its queue folder to be writable.
        _ = conn.default_channel
        folder = (app.conf.broker_transport_options or {}).get("data_folder_out")
        if conn.transport_cls == "filesystem" and folder:
            probe = Path(folder) / f".health-{uuid.uuid4().hex}"
            probe.write_bytes(b"ok")
            probe.unlink()


def check_storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                raise OSError("storage returned different content")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


@never_cache
def health(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
            results[name] = {"status": "ok"}
        except Exception as exc:  # noqa: BLE001 - any failure means the component is down
            healthy = False
            detail = f"{type(exc).__name__}: {exc}" if settings.DEBUG else type(exc).__name__
            results[name] = {"status": "down", "error": detail}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"status": "ok" if healthy else "down", "checks": results}, status=200 if healthy else 503)
