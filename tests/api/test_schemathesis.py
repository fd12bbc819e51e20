"""Schemathesis against the OpenAPI schema of the running WSGI app: every operation, generated input that fits
the schema and input that does not, anonymous and with an agency user's token. No server error, every status
code, content type and body as documented. Bounded and derandomised, so the run is stable and short."""

import tempfile

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from handover.models import EvidencePack
from handover.services import handover_schedule
from romantik.wsgi import application
from submissions.services import submission_submit
from tests.factories import fill_complete, submission_for

from .conftest import issued, token_client

pytestmark = pytest.mark.django_db
# Hypothesis caches what it learns from the code under .hypothesis/ in the working tree; not in ours.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="romantik-hypothesis-"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 25
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,  # the same examples on every run
    database=None,  # nothing remembered between runs (and nothing written to .hypothesis/)
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _rest_framework_with(**rates):
    from django.conf import settings as django_settings

    return {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def connection_kept_open():
    """Django closes the database connection at the end of a request; the test's transaction lives on it.
    (Django's own test client does the same: it is not the code under test that changes here.)"""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _run(operation, strategy, callers):
    """Each generated case is sent once per caller (`callers`: their headers): generating a case costs about as
    much as sending it, and an anonymous call changes nothing the token user's next call would see."""

    @given(case=strategy)
    @HYPOTHESIS
    def check(case):
        for headers in callers:
            case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@override_settings(REST_FRAMEWORK=_rest_framework_with(token="1000000/minute", anon="1000000/minute"))
def test_every_operation_conforms_to_the_schema_anonymous_and_with_an_agency_users_token(world, connection_kept_open):
    schema = from_wsgi("/api/schema/", application)
    issued_one = issued(world["user"], title="Survei Kesehatan Ibu")
    handover_pk = handover_schedule(submission=issued_one, letter=issued_one.letter)[0].pk  # its results, due
    complete = fill_complete(submission_for(world["user"], title="Survei Gizi"))
    draft = submission_for(world["user"], title="Survei Pangan")
    submitted = submission_submit(
        submission=fill_complete(submission_for(world["user"], title="Survei Harga")), actor=world["user"]
    )
    pack = EvidencePack(agency=world["agency"], year=2026, state=EvidencePack.State.DONE, done=1, total=1)
    pack.file.save("bukti-epss.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)  # an empty ZIP, built
    callers = [{}, {"Authorization": f"Bearer {token_client(world['user']).key}"}]  # anonymous, the agency user

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 19
    for operation in operations:
        # Real objects, so the handlers' logic runs, not only their 404: a listed activity for the catalogue
        # and the letter, a complete draft to submit, an incomplete one (it stays editable) for the rest ...
        if any(p.name == "id" for p in operation.path_parameters):
            path = operation.path
            if path.startswith("/api/v1/bukti-epss/"):
                pk = pack.pk  # the agency's built evidence pack
            elif path.startswith("/api/v1/katalog/") or "/surat/" in path or "/hasil/" in path:
                pk = issued_one.pk
            else:
                pk = {"/ajukan/": complete.pk, "/tarik/": submitted.pk}.get(path[path.rindex("/", 0, -1) :], draft.pk)
            ids = {"id": pk, "handover": handover_pk} if "{handover}" in path else {"id": pk}
            _run(operation, operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids), callers)
        # ... and anything the schema allows, and what it does not.
        _run(operation, operation.as_strategy(GenerationMode.POSITIVE), callers)
        _run(operation, operation.as_strategy(GenerationMode.NEGATIVE), callers)
