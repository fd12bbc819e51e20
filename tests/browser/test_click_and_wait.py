"""The journeys' click that leads to another page (tests/browser/helpers.py `click_and_wait`): a click that sent
nothing is clicked once more, with the report as a warning; a click that reached the page is waited for once."""

import warnings

import pytest

from submissions.models import Submission
from tests.browser.helpers import click_and_wait, log_in
from tests.factories import PASSWORD, submission_for, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lost_click_is_clicked_again_and_a_good_one_once(browser, live_server):
    world = world_build()
    draft = submission_for(world["user"])
    page = browser.new_context(locale="id-ID").new_page()
    log_in(page, live_server.url, world["user"].email, PASSWORD)
    page.goto(f"{live_server.url}/pengajuan/{draft.pk}/bagian/3/")
    page.fill("textarea[name=background]", "Prevalensi stunting perlu dipantau.")
    # What a lost click looks like from outside: the first click reaches no form (nothing is sent).
    page.evaluate(
        "document.querySelector('button[name=lanjut]')"
        ".addEventListener('click', (event) => event.preventDefault(), {once: true})"
    )
    with pytest.warns(UserWarning, match="sent nothing in 2000 ms") as caught:
        click_and_wait(page, page.locator("button[name=lanjut]"), first_wait_ms=2000)
    assert "requests still open" in str(caught[0].message)  # the report, for the run's summary
    assert page.url == f"{live_server.url}/pengajuan/{draft.pk}/bagian/4/"
    assert Submission.objects.get(pk=draft.pk).background == "Prevalensi stunting perlu dipantau."

    # A click that reaches the page: one navigation, no second click, no warning.
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        click_and_wait(page, page.locator("button[name=lanjut]"), first_wait_ms=2000)
    assert not [w for w in caught if "sent nothing" in str(w.message)]
    assert page.url == f"{live_server.url}/pengajuan/{draft.pk}/bagian/5/"
    assert posts == [f"{live_server.url}/pengajuan/{draft.pk}/bagian/4/"]
