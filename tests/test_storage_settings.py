"""What the settings make of the environment for more than one machine (issue 20): stored files in the bucket or on
disk, persistent database connections with health checks, PgBouncer's transaction pooling, sessions in the shared
cache. romantik/settings.py itself is run with each environment (tests/s3_server.settings_under)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.s3_server import settings_under

POSTGRES = "postgres://romantik:romantik@db:5432/romantik"
SQLITE = "sqlite:////tmp/romantik-settings-test.sqlite3"
S3_NAMES = ("S3_BUCKET", "MEDIA_STORAGE", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
DB_NAMES = ("DATABASE_URL", "CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS", "CACHE_URL")


def test_the_embedded_default_stores_files_on_disk():
    found = settings_under({}, without=S3_NAMES)
    assert found["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert found["MEDIA_STORAGE"] == "filesystem"


def test_a_bucket_puts_every_stored_file_in_s3_compatible_storage():
    found = settings_under(
        {"S3_BUCKET": "romantik", "S3_ENDPOINT_URL": "http://minio:9000", "S3_ACCESS_KEY_ID": "romantik",
         "S3_SECRET_ACCESS_KEY": "rahasia-objek"},
        without=("MEDIA_STORAGE",),
    )
    default = found["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("romantik", "http://minio:9000")
    assert (options["access_key"], options["secret_key"]) == ("romantik", "rahasia-objek")
    assert options["file_overwrite"] is False  # as on disk: a name in use is never overwritten
    assert options["default_acl"] is None and options["querystring_auth"] is True  # private bucket
    assert options["addressing_style"] == "path"  # MinIO
    # The static files stay with WhiteNoise / nginx, whatever the stored files do.
    assert found["STORAGES"]["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")


def test_media_storage_may_keep_the_disk_with_a_bucket_named_and_refuses_anything_else():
    found = settings_under({"S3_BUCKET": "romantik", "MEDIA_STORAGE": "filesystem"})
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        settings_under({"MEDIA_STORAGE": "ftp"})


def test_postgresql_connections_persist_with_health_checks_and_sqlite_opens_its_file_per_request():
    postgres = settings_under({"DATABASE_URL": POSTGRES}, without=DB_NAMES)["DATABASES"]["default"]
    assert postgres["CONN_MAX_AGE"] == 60 and postgres["CONN_HEALTH_CHECKS"] is True
    assert postgres["DISABLE_SERVER_SIDE_CURSORS"] is False
    sqlite = settings_under({"DATABASE_URL": SQLITE}, without=DB_NAMES)["DATABASES"]["default"]
    assert sqlite["CONN_MAX_AGE"] == 0 and sqlite["CONN_HEALTH_CHECKS"] is True
    tuned = settings_under({"DATABASE_URL": POSTGRES, "CONN_MAX_AGE": "300"}, without=DB_NAMES)
    assert tuned["DATABASES"]["default"]["CONN_MAX_AGE"] == 300


def test_through_pgbouncer_server_side_cursors_are_off():
    found = settings_under({"DATABASE_URL": POSTGRES, "DISABLE_SERVER_SIDE_CURSORS": "true"}, without=DB_NAMES)
    assert found["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_with_a_shared_cache_sessions_are_read_from_it_and_kept_in_the_database():
    shared = settings_under({"CACHE_URL": "redis://redis:6379/1"}, without=DB_NAMES)
    assert shared["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    alone = settings_under({}, without=DB_NAMES)
    assert alone["CACHES"]["default"]["BACKEND"] == "romantik.cache.SharedFileCache"
    assert "SESSION_ENGINE" not in alone  # Django's default: the database


# --- docker-compose.yml, read against the settings ----------------------------------------------------------------


def _compose() -> dict:
    import yaml
    from django.conf import settings

    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())


def _resolved(value) -> str:
    """A compose value as compose gives it with nothing set: ${NAME:-default} → default, ${NAME:?…} → a stand-in."""
    import re

    def one(match):
        if match.group(2) is not None:
            return match.group(2)
        return "stand-in-" + "x" * 50  # a required value (SECRET_KEY, LETTER_KEY_ENCRYPTION_KEY)

    return re.sub(r"\$\{(\w+)(?::-([^}]*)|:\?[^}]*)\}", one, str(value))


def test_compose_runs_object_storage_and_the_pooler_as_the_settings_read_them():
    services = _compose()["services"]
    environment = {name: _resolved(value) for name, value in services["web"]["environment"].items()}
    for name in ("worker", "beat"):  # one anchor: every container reads the same
        assert {k: _resolved(v) for k, v in services[name]["environment"].items()} == environment
    found = settings_under(environment, without=S3_NAMES + DB_NAMES)

    storage = found["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    bucket = storage["OPTIONS"]["bucket_name"]
    init = services["objects-init"]
    assert _resolved(init["environment"]["S3_BUCKET"]) == bucket and "mc mb --ignore-existing" in init["entrypoint"]
    assert _resolved(init["environment"]["MINIO_ROOT_USER"]) == storage["OPTIONS"]["access_key"]
    assert _resolved(services["minio"]["environment"]["MINIO_ROOT_PASSWORD"]) == storage["OPTIONS"]["secret_key"]
    assert services["minio"]["image"].startswith("minio/minio:RELEASE.")  # pinned
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["objects-init"] == {"condition": "service_completed_successfully"}
        assert "ports" not in services[name]
    assert "ports" not in services["minio"] and "ports" not in services["pgbouncer"]

    database = found["DATABASES"]["default"]
    assert database["HOST"] == "pgbouncer" and database["NAME"] == "romantik"
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True
    pgbouncer = services["pgbouncer"]["environment"]
    assert pgbouncer["POOL_MODE"] == "transaction" and pgbouncer["DB_HOST"] == "db"
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True  # what transaction pooling asks
    assert "DATABASE_URL=$$DATABASE_DIRECT_URL" in services["web"]["command"]  # migrations straight to PostgreSQL
    assert environment["DATABASE_DIRECT_URL"].endswith("@db:5432/romantik")

    # Shared by every container: cache (rate limits, lockouts), sessions, broker.
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert found["CELERY_BROKER_URL"].startswith("redis://redis:")

    # Web and worker scale by adding containers (no fixed name, no host port); beat is one service.
    for name in ("web", "worker", "beat"):
        assert "container_name" not in services[name]
    assert "beat" in services["beat"]["command"] and "beat" not in services["worker"]["command"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
