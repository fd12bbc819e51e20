"""`manage.py seed_demo` on an empty database, then again: nothing duplicated, nothing the users changed lost."""

from io import StringIO

import pytest
from django.core.management import call_command

from romantik.models import Office, OfficeRole, Region, User
from submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", quiet=True, stdout=StringIO())
    counts = (Region.objects.count(), Office.objects.count(), User.objects.count(), OfficeRole.objects.count())
    submissions = list(Submission.objects.order_by("pk").values_list("title", "state", "number"))
    user = User.objects.get(email="head.6111@demo.bps.go.id")
    user.set_password("changed-by-the-user-1")
    user.save()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (Region.objects.count(), Office.objects.count(), User.objects.count(), OfficeRole.objects.count()) == counts
    assert counts == (552, 10, 65, 60)  # 10 offices × 6 staff roles (with the complaint handler)
    assert list(Submission.objects.order_by("pk").values_list("title", "state", "number")) == submissions
    # ... and three activities issued for the public catalogue (catalogue/seeding.py)
    assert [state for _title, state, _number in submissions] == ["diajukan", "draf", "draf"] + ["surat_terbit"] * 3
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user-1")  # nothing the user changed is lost
    assert "head.6111@demo.bps.go.id" in out.getvalue()  # prints the demo logins
