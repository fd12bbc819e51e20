"""'My submissions' (issue 20): each row's values worked out once by `submissions.selectors.agency_list_rows`, the
same as the submission's own labels, the badges of submissions/_result_badge.html, and the page's time zone."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import override

from romantik.officetime import zoned_text
from submissions.models import Submission
from submissions.selectors import submissions_of_agency_user
from submissions.states import State
from tests.factories import SubmissionFactory
from tests.submissions.test_agency_pages import _issued

pytestmark = pytest.mark.django_db
URL = reverse("submissions:list")


@pytest.fixture
def world(shared_world):
    return shared_world




@pytest.fixture
def listed(world):
    draft = SubmissionFactory(owner=world["user"], title="Survei draf")
    walkin = SubmissionFactory(owner=world["user"], title="Survei loket", submitted=True)
    Submission.objects.filter(pk=walkin.pk).update(recorded_by=world["front_desk"])
    return [
        draft,
        walkin,
        SubmissionFactory(owner=world["user"], title="Survei diperiksa", in_review=True),
        SubmissionFactory(owner=world["user"], title="Survei diusulkan", not_feasible=True),
        _issued(world, State.FEASIBLE),
        _issued(world, State.NOT_FEASIBLE),
    ]


def _badge(s):
    """The badge as submissions/_result_badge.html writes it (the include the list used before issue 20)."""
    return render_to_string("submissions/_result_badge.html", {"s": s, "decision": s.issued_decision})


@pytest.mark.parametrize("language", ["en", "id"])
def test_each_row_says_what_the_submission_says(client, world, listed, language):
    client.force_login(world["user"])
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    rows = response.context["rows"]
    shown = {row.url: row for row in rows}
    with override(language):  # the page's zone: the agency's region's, Kalimantan Tengah's WIB (the default)
        full = list(submissions_of_agency_user(world["user"]))
        assert [row.url for row in rows] == [reverse("submissions:overview", args=[s.pk]) for s in full]
        for s in full:
            row = shown[reverse("submissions:overview", args=[s.pk])]
            assert row.number == (s.number or "—")
            assert row.kind == s.get_kind_display()
            assert row.recorded == (s.recorded_by is not None)
            assert (row.title, row.created_by, row.office) == (str(s), str(s.created_by), s.office.name)
            submitted = date_format(timezone.localtime(s.submitted_at), "j M Y") if s.submitted_at else "—"
            assert row.submitted == submitted
            assert row.updated == zoned_text(s.updated_at, "j M Y H:i")
            # The badge: the same classes, test id and words as the template the list included.
            badge = f'<span class="badge state-{row.badge_state}"'
            if row.issued:
                badge += ' data-testid="result-badge"'
            badge += f">{row.badge_label}</span>"
            assert " ".join(_badge(s).split()) == badge
            assert badge in html


def test_a_proposed_decision_stays_hidden_and_the_front_desk_is_named(client, world, listed):
    client.force_login(world["user"])
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    def row(s):
        start = html.index(f'href="{reverse("submissions:overview", args=[s.pk])}"')
        return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]

    draft, walkin, _review, proposed, feasible, _not_feasible = listed
    assert '<span class="badge state-diperiksa">Decision being approved</span>' in row(proposed)
    assert "Not feasible" not in row(proposed)
    assert 'title="recorded at the front desk">PST</span>' in row(walkin)
    assert "PST" not in row(draft)
    assert '<td class="text-nowrap">—</td>' in row(draft)  # no number, not submitted
    assert 'data-testid="result-badge">Letter issued: feasible</span>' in row(feasible)


def test_the_page_reads_only_the_shown_columns(client, world, listed, django_assert_max_num_queries):
    client.force_login(world["user"])
    client.get(URL)
    with django_assert_max_num_queries(12) as captured:
        client.get(URL)
    rows = next(q["sql"] for q in captured.captured_queries if "issued_decision" in q["sql"])
    columns = rows.split(" FROM ")[0]
    assert '"submissions_submission"."objective"' not in columns and '"romantik_office"."address"' not in columns
    assert '"romantik_user"."password"' not in columns
