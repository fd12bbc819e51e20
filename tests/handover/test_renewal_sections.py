"""The review page of a renewal (issue 19, submissions/renewal.py): below the panel of changes, the form's sections
unchanged since the previous recommendation are collapsed — a summary line "tidak berubah" that opens them (a native
<details>, no script needed; static/js/renewal.js opens one the panel links to) — and the changed ones open and
marked. No inline style or script (CSP)."""

import re

import pytest
from django.urls import reverse

from submissions.models import Submission, Variable
from submissions.renewal import submission_renew
from tests.submissions.test_renewal import (
    _submit_and_decide,
    issued,  # noqa: F401 - the fixture
    issued_module,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.django_db


def _sections(html: str) -> dict[str, str]:
    """Each form section of the page by its key: its whole <section>."""
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r'<section class="card mb-3[^"]*" id="section-([\w-]+)".*?</section>', html, re.S)
    }


def test_unchanged_sections_are_collapsed_and_changed_ones_open_and_marked(issued, client):  # noqa: F811
    w, previous = issued, issued["previous"]
    renewal = submission_renew(previous=previous, actor=w["agency"], year=2028)
    Submission.objects.filter(pk=renewal.pk).update(objective="Tujuan periode 2028")
    Variable.objects.filter(submission=renewal).update(definition="Definisi baru")
    renewal = _submit_and_decide(w, renewal)
    client.force_login(w["reviewer"])
    html = client.get(reverse("review:detail", kwargs={"pk": renewal.pk})).content.decode()
    sections = _sections(html)
    # Changed: open, marked, nothing folded away.
    for key in ("3", "variables"):
        assert 'data-renewal="changed"' in sections[key] and "border-warning" in sections[key]
        assert 'data-testid="section-changed"' in sections[key]
        assert "berubah sejak rekomendasi sebelumnya" in sections[key]
        assert 'data-testid="section-unchanged"' not in sections[key]
    assert "Tujuan periode 2028" in sections["3"]
    # Unchanged: collapsed behind a summary line "tidak berubah" that opens them; the answers are still there.
    for key in ("4", "indicators"):
        section = sections[key]
        assert 'data-renewal="unchanged"' in section and 'data-testid="section-changed"' not in section
        details = re.search(r'<details class="renewal-unchanged" data-testid="section-unchanged"( open)?>', section)
        assert details is not None and details.group(1) is None  # closed
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", section, re.S).group(1)
        assert "tidak berubah" in summary and "Tidak berubah sejak rekomendasi sebelumnya" in summary
        assert "Tampilkan" in summary
    assert "Angka kesakitan" in sections["indicators"]  # inside the closed <details>, opened by its summary
    # Attachments are always new for a period: neither folded nor marked.
    assert "data-renewal" not in sections["attachments"]
    # The script that opens a folded section the panel links to is a static file; nothing inline (CSP).
    assert re.search(r'<script src="[^"]*/js/renewal\.js"></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r'\sstyle="', html)


def test_a_note_on_an_unchanged_section_keeps_it_open(issued, client):  # noqa: F811
    from review.models import SectionNote as Note

    w, previous = issued, issued["previous"]
    renewal = _submit_and_decide(w, submission_renew(previous=previous, actor=w["agency"], year=2028))
    Note.objects.create(submission=renewal, section="4", round=renewal.round, author=w["reviewer"], text="Cek ini")
    client.force_login(w["reviewer"])
    sections = _sections(client.get(reverse("review:detail", kwargs={"pk": renewal.pk})).content.decode())
    assert '<details class="renewal-unchanged" data-testid="section-unchanged" open>' in sections["4"]
    assert '<details class="renewal-unchanged" data-testid="section-unchanged">' in sections["indicators"]


def test_a_submission_that_renews_nothing_folds_nothing(issued, client):  # noqa: F811
    w = issued
    client.force_login(w["reviewer"])
    html = client.get(reverse("review:detail", kwargs={"pk": w["previous"].pk})).content.decode()
    assert "data-renewal" not in html and 'data-testid="section-unchanged"' not in html
    assert "renewal.js" not in html
