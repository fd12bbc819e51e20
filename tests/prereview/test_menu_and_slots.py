"""The menu link to the rule catalogue (only for who may change it), and the slots of the section page that
static/js/prereview.js refills after an autosave (tests/browser/test_burden_journey.py drives it in a browser)."""

import pytest
from django.urls import reverse

from prereview.services import rules_seed
from romantik.enums import Role
from tests.factories import fill_complete, staff, submission_for, world_build

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LINK = 'data-testid="nav-prereview-rules"'


@pytest.fixture
def world(db):
    rules_seed()
    return world_build()


def test_the_menu_links_the_rules_for_an_office_admin_of_bps_ri_only(client, world):
    client.force_login(staff(world["central"], Role.OFFICE_ADMIN))
    html = client.get(reverse("supervision:index"), **EN).content.decode()
    assert LINK in html and f'href="{reverse("prereview:rules")}"' in html
    for user in (world["office_admin"], world["reviewer"], world["central_head"], world["agency"]):
        client.force_login(user)
        assert LINK not in client.get(reverse("catalogue:list"), **EN).content.decode()


def test_the_section_page_has_a_slot_per_panel_and_question_and_loads_the_script_once(client, world):
    draft = fill_complete(submission_for(world["agency"]))
    draft.supervisors_count, draft.enumerators_count = 50, 40
    draft.save()
    client.force_login(world["agency"])
    html = client.get(reverse("submissions:section", args=[draft.pk, "6"]), **EN).content.decode()
    assert 'data-prereview-slot="panel-6"' in html
    assert 'data-prereview-slot="field-6-supervisors_count"' in html
    assert 'data-prereview-slot="field-6-respondents_count"' in html  # empty, ready for a result
    slot = html.split('data-prereview-slot="field-6-supervisors_count"', 1)[1].split("data-prereview-slot=", 1)[0]
    assert 'data-rule="penyelia-lebih-banyak" data-status="violation"' in slot
    assert html.count("js/prereview.js") == 1
    header = client.get(reverse("submissions:section", args=[draft.pk, "header"]), **EN).content.decode()
    assert header.count("js/prereview.js") == 1  # the title helper's page too, once


def _section_data(response) -> dict:
    """What the section's form holds as the page shows it, as a browser would send it."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value not in (None, False):
            data[name] = "on" if value is True else str(value)
    return data


def test_the_autosave_answers_the_sections_slots_as_the_page_now_shows_them(client, world):
    """static/js/prereview.js refills the slots from the autosave's answer alone: each slot of the page, the same
    HTML the page renders once the design is saved, a fixed rule passing and a slot left without results empty."""
    draft = fill_complete(submission_for(world["agency"]))
    draft.supervisors_count, draft.enumerators_count = 50, 40
    draft.save()
    client.force_login(world["agency"])
    page_url = reverse("submissions:section", args=[draft.pk, "6"])
    data = _section_data(client.get(page_url, **EN))
    data["supervisors_count"] = "4"
    body = client.post(reverse("submissions:autosave", args=[draft.pk, "6"]), data, **EN).json()
    assert body["ok"] is True
    slots = body["prereview"]
    assert 'data-rule="penyelia-lebih-banyak" data-status="pass"' in slots["field-6-supervisors_count"]
    assert 'data-testid="prereview-panel"' in slots["panel-6"]
    assert slots["field-6-respondents_count"] == ""  # no result: the slot is emptied
    html = client.get(page_url, **EN).content.decode()
    on_page = html.count("data-prereview-slot=")
    assert on_page == len(slots)  # every slot of the page, no other
    assert f'data-prereview-slot="panel-6">{slots["panel-6"]}</div>' in html
    for key, inner in slots.items():
        if key.startswith("field-"):
            assert f'data-prereview-slot="{key}" aria-live="polite">{inner}</div>' in html


def test_a_refused_autosave_answers_the_results_of_the_answers_as_stored(client, world):
    """A save with a mistake keeps the input as a draft; the results stay those of the stored design, as the page
    shown again would have them."""
    draft = fill_complete(submission_for(world["agency"]))
    draft.supervisors_count, draft.enumerators_count = 50, 40
    draft.save()
    client.force_login(world["agency"])
    data = _section_data(client.get(reverse("submissions:section", args=[draft.pk, "6"]), **EN))
    data.update(supervisors_count="4", enumerators_count="-1")
    body = client.post(reverse("submissions:autosave", args=[draft.pk, "6"]), data, **EN).json()
    assert body["ok"] is False and "enumerators_count" in body["errors"]
    assert 'data-rule="penyelia-lebih-banyak" data-status="violation"' in body["prereview"]["field-6-supervisors_count"]
