"""A real S3 server for the tests: moto's server mode (ThreadedMotoServer) on a free port of 127.0.0.1, spoken to
over HTTP by django-storages and boto3 exactly as MinIO or AWS would be. The portal is pointed at it through the
same environment variables production uses (S3_BUCKET, S3_ENDPOINT_URL, …: romantik/settings.py), read by the
settings module itself, so the tests check the settings and not a copy of them."""

import os
import runpy
import uuid
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from django.conf import settings

ACCESS_KEY = "romantik-test"
SECRET_KEY = "romantik-test-secret"
REGION = "us-east-1"


@contextmanager
def s3_server():
    """Start moto's S3 server in a thread; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )


def bucket_create(endpoint: str) -> str:
    """A new private bucket of its own (moto's state lives as long as the process: names never repeat)."""
    name = f"romantik-{uuid.uuid4().hex[:16]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


def bucket_keys(endpoint: str, bucket: str, prefix: str = "") -> list[str]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """What docker-compose.yml sets for MinIO, pointed at the test's server."""
    return {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_REGION": REGION,
    }


def settings_under(environment: dict[str, str], *, without=()) -> dict:
    """romantik/settings.py run again with `environment` (and without the variables named in `without`) as the
    process environment: the settings a process started so would have. The environment is restored after."""
    saved = dict(os.environ)
    try:
        for name in without:
            os.environ.pop(name, None)
        os.environ.update(environment)
        return runpy.run_path(str(Path(settings.BASE_DIR) / "romantik" / "settings.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def storages_under(environment: dict[str, str]) -> dict:
    """The STORAGES the settings make of `environment`, for pytest-django's `settings` fixture."""
    return settings_under(environment)["STORAGES"]


# --- fixtures (imported by the test modules that use them) ---


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(autouse=True)
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the portal's default storage in it, before any other fixture stores a file."""
    name = bucket_create(s3_endpoint)
    settings.STORAGES = storages_under(s3_environment(s3_endpoint, name))
    return name


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def object_bytes(endpoint, bucket, key) -> bytes:
    return s3_client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()
