"""Duplicate suggestions computed once per change of the submission and kept in the shared cache (issue 20):
a letter signed anywhere else does not throw them away; only what was refreshed since is scored on top."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from catalogue import selectors
from catalogue.models import CatalogueEntry
from catalogue.selectors import similar_to_submission
from tests.factories import submission_for

from .conftest import make_issued
from .test_similar import catalogue, pks  # noqa: F401 (the fixture)


def _refreshed_an_hour_ago():
    CatalogueEntry.objects.update(refreshed_at=timezone.now() - timedelta(hours=1))


def test_an_unrelated_letter_keeps_the_stored_result(catalogue, django_assert_num_queries):  # noqa: F811
    draft = submission_for(catalogue["other_agency"], title="Survei Gizi Balita Dinas Lain")
    first = pks(similar_to_submission(draft))
    assert first == [catalogue["gizi"].pk, catalogue["gizi_bjm"].pk]
    _refreshed_an_hour_ago()  # the kept entries are then older than the stamp's margin
    # A letter signed elsewhere on another subject: the stored result is kept, nothing is scored again.
    make_issued(catalogue["bjm"], title="Survei Harga Cabai Pasar Tradisional", secrets=False)
    with mock.patch.object(selectors, "_scored", wraps=selectors._scored) as scored:
        assert pks(similar_to_submission(draft)) == first
    # Only the entries refreshed since the stamp were picked (none of them on this subject): nothing to score.
    assert scored.call_count == 1 and scored.call_args.args[1] == []
    # Stored again with the new stamp: the next view is the variables, the stamp and the rows by id.
    with django_assert_num_queries(3):
        assert pks(similar_to_submission(draft)) == first


def test_a_new_entry_on_the_subject_is_scored_on_top(catalogue):  # noqa: F811
    draft = submission_for(catalogue["other_agency"], title="Survei Gizi Balita Dinas Lain")
    similar_to_submission(draft)
    _refreshed_an_hour_ago()
    newer = make_issued(catalogue["bjm"], title="Survei Gizi Balita Dinas Lain Juga", secrets=False)
    with mock.patch.object(selectors, "_scored", wraps=selectors._scored) as scored:
        found = pks(similar_to_submission(draft))
    assert found[0] == newer.pk and set(found[1:]) == {catalogue["gizi"].pk, catalogue["gizi_bjm"].pk}
    # The fresh candidates only: the new entry, not the kept ones.
    assert pks(scored.call_args.args[1]) == [newer.pk]


def test_an_entry_removed_since_is_not_shown(catalogue):  # noqa: F811
    draft = submission_for(catalogue["other_agency"], title="Survei Gizi Balita Dinas Lain")
    assert pks(similar_to_submission(draft)) == [catalogue["gizi"].pk, catalogue["gizi_bjm"].pk]
    catalogue["gizi_bjm"].catalogue_entry.delete()
    assert pks(similar_to_submission(draft)) == [catalogue["gizi"].pk]


pytestmark = pytest.mark.django_db
