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
