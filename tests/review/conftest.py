import pytest

from tests.factories import world_build


def office_world_build() -> dict:
    """The shared world (tests/factories.py `world_build`: BPS RI, a regency office with every role, a second
    office, two agencies with a user each) and a complete FS3 submitted by the agency user."""
    return world_build(submission=True)


@pytest.fixture
def office_world(db):
    return office_world_build()


@pytest.fixture(scope="module")
def office_world_module(module_db):
    """The same world, built once for a module (see `module_db`)."""
    return office_world_build()
