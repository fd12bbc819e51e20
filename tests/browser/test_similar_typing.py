"""Duplicate detection as the agency types (issue 17), in headless Chromium: on the new-submission page and on
the header section, typing a rice survey's title brings up the rice survey recommended elsewhere, with why, and
not the nutrition survey, the vehicle compilation nor the rice survey recommended tidak layak; typing a variable
on the variable form adds a suggestion by that variable."""

import pytest

from submissions.enums import Sector
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, log_in
from tests.catalogue.conftest import make_issued
from tests.factories import PASSWORD, submission_for, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = "[data-testid=similar-suggestions]"


def _issued(user, title, sector, variables, decision=State.FEASIBLE):
    return make_issued(
        user,
        title=title,
        sector=sector,
        decision=decision,
        variables=[(v, f"{v} (definisi)") for v in variables],
        secrets=False,
    )


def test_typing_a_title_or_a_variable_shows_relevant_recommended_activities(browser, live_server):
    world = world_build()
    padi = _issued(world["other_agency"], "Survei Luas Panen dan Produksi Padi", Sector.AGRICULTURE, ["Luas panen"])
    gizi = _issued(world["other_agency"], "Survei Status Gizi Balita", Sector.HEALTH, ["Tinggi badan"])
    kendaraan = _issued(world["other_agency"], "Kompilasi Data Kendaraan Bermotor", Sector.TRANSPORT, ["Jenis"])
    ditolak = _issued(
        world["other_agency"], "Survei Produktivitas Padi", Sector.AGRICULTURE, ["Luas panen"], State.NOT_FEASIBLE
    )
    internet = _issued(world["other_agency"], "Survei Pemanfaatan Internet", Sector.ICT, ["Akses internet"])
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, world["agency"].email, PASSWORD)

    def shown() -> set[int]:
        return {
            int(pk)
            for pk in page.locator(f"{BOX} [data-testid=similar-activity]").evaluate_all(
                "items => items.map(item => item.dataset.pk)"
            )
        }

    # The new-submission page: nothing until a title is typed.
    page.goto(f"{base}/pengajuan/baru/")
    assert shown() == set()
    page.locator("input[name=title]").press_sequentially("Survei Produktivitas Padi Sawah", delay=20)
    page.locator(f"{BOX} [data-pk='{padi.pk}']").wait_for()
    assert shown() == {padi.pk}
    assert "Title words in common: padi" in page.locator(BOX).inner_text()
    assert {gizi.pk, kendaraan.pk, ditolak.pk}.isdisjoint(shown())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "similar-new-submission.png"), full_page=True)

    # The header section: retyping the title replaces the suggestions.
    draft = submission_for(world["agency"], title="Survei Produktivitas Padi Sawah")
    page.goto(f"{base}/pengajuan/{draft.pk}/bagian/header/")
    assert shown() == {padi.pk}  # the stored title's, without JavaScript's help
    page.locator("input[name=title]").fill("")
    page.locator("input[name=title]").press_sequentially("Survei Pemanfaatan Internet Desa", delay=20)
    page.locator(f"{BOX} [data-pk='{internet.pk}']").wait_for()
    assert shown() == {internet.pk}

    # The variable form: a variable typed adds what shares it.
    page.goto(f"{base}/pengajuan/{draft.pk}/variabel/tambah/")
    assert shown() == {padi.pk}
    page.locator("input[name=name]").press_sequentially("Akses internet", delay=20)
    page.locator(f"{BOX} [data-pk='{internet.pk}']").wait_for()
    assert internet.pk in shown() and "1 variable in common: Akses internet" in page.locator(BOX).inner_text()
    assert {gizi.pk, kendaraan.pk, ditolak.pk}.isdisjoint(shown())
    context.close()
