import dataclasses

import pytest

from tests.catalogue.conftest import make_issued, world  # noqa: F401 - the catalogue's world and issued activities
from tests.review.conftest import office_world  # noqa: F401 - the world the catalogue is built in


@pytest.fixture
def unverified_wage(monkeypatch):
    """`unverified_wage("62")`: that province's wage as if not yet verified, for the "perkiraan" display (the
    shipped file has verified every province the test worlds use)."""
    from django.core.cache import cache

    from ceksurvei import burden

    shipped = burden.minimum_wages()

    def mark(*codes):
        wages = {c: dataclasses.replace(w, verified=False) if c in codes else w for c, w in shipped.items()}
        monkeypatch.setattr(burden, "minimum_wages", lambda: wages)
        cache.clear()  # the totals are kept per catalogue generation, not per wage file

    return mark
