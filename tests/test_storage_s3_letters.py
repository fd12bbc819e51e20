"""A letter in S3-compatible object storage (tests/test_storage_s3.py for the set-up): drafted, signed and kept in
the bucket with the demo root CA, downloaded only by whoever may, its SHA-256 checked against the bucket's object
at every download."""

import pytest
from django.urls import reverse

from letters.pki import DEMO_ROOT_CERT, DEMO_ROOT_KEY
from tests import s3_server
from tests.letters.test_sign import PASSPHRASE, world  # noqa: F401 - a letter awaiting the head's signature
from tests.review import conftest as review_conftest
from tests.s3_server import bucket_keys, media_files, object_bytes, s3_client

office_world = review_conftest.office_world  # the fixture `world` builds on
s3_endpoint, bucket = s3_server.s3_endpoint, s3_server.bucket  # the S3 server, and a bucket as the default storage


@pytest.mark.slow
@pytest.mark.world_per_test  # its world's files must be stored in the bucket, not on the module world's disk
def test_a_signed_letter_is_stored_in_the_bucket_downloaded_with_permission_and_checked(
    world,  # noqa: F811
    client,
    s3_endpoint,
    bucket,
    settings,
):
    from letters.issuing import letter_sign

    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    keys = bucket_keys(s3_endpoint, bucket)
    assert letter.signed_pdf.name in keys and letter.signed_pdf.name.startswith("letters/signed/")
    assert letter.draft_pdf.name in keys
    assert {DEMO_ROOT_CERT, DEMO_ROOT_KEY} <= set(keys)  # the demo root CA too
    assert media_files(settings) == []
    stored = object_bytes(s3_endpoint, bucket, letter.signed_pdf.name)
    assert stored.startswith(b"%PDF-")

    url = reverse("letters:download", args=[letter.pk])
    client.force_login(world["agency"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    for who in ("other_agency", "other_reviewer"):
        client.force_login(world[who])
        assert client.get(url).status_code == 404, who

    # The SHA-256 check at each download reads the bucket: an object changed there is refused.
    s3_client(s3_endpoint).put_object(Bucket=bucket, Key=letter.signed_pdf.name, Body=stored + b"\n% changed")
    client.force_login(world["agency"])
    assert client.get(url).status_code == 409
