"""The EPSS evidence pack built by a real Celery worker on the test's Redis broker (handover/evidence.py): the agency
asks on its page, the worker builds the ZIP, the agency downloads it. Its own module: a transactional test that
builds its own world (the other evidence tests share a module's world in one transaction)."""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from handover.models import EvidencePack
from tests.conftest import close_other_db_sessions, start_test_worker
from tests.handover.conftest import issued_with_handover
from tests.handover.test_evidence import YEAR, received, signed


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_broker_queue")
def test_a_real_worker_builds_the_pack_the_agency_asked_for(uses_postgres, client):
    from tests.factories import world_build

    w = world_build()
    submission = issued_with_handover(w)
    signed(submission)
    received(submission, w)
    client.force_login(w["agency"])
    assert client.post(reverse("handover:agency_evidence"), {"year": YEAR}).status_code == 302
    pack = EvidencePack.objects.get()
    with start_test_worker():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pack.refresh_from_db()
            if not pack.open:
                break
            time.sleep(0.2)
    close_other_db_sessions()
    assert (pack.state, pack.error, pack.done, pack.total) == (EvidencePack.State.DONE, "", 3, 3)
    response = client.get(reverse("handover:evidence_download", args=[pack.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "ringkasan.pdf" in archive.namelist() and len(archive.namelist()) == 3
