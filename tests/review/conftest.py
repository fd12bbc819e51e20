# The office world's fixtures live in tests/conftest.py (every test folder uses them); named here too for the
# modules that import them from here.
import pytest

from tests.conftest import office_world, office_world_build, office_world_module  # noqa: F401


@pytest.fixture
def queue_by_coordinator(office_world, client):  # noqa: F811
    """The office world with `client` logged in as its coordinator, the review page's store of kept HTML (the
    queue's rows and filter form) empty before and after."""
    from review.templatetags import review_kept

    review_kept.kept_clear()
    client.force_login(office_world["coordinator"])
    yield office_world
    review_kept.kept_clear()
