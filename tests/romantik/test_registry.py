"""romantik.registry.Hook, how a lower layer asks a higher one: the hooks of the outbox (submission numbers), the
staff pages (a leaver's open review work) and complaints (the activity of a Cek Survei code) are each registered
by their higher app at start-up; a hook nobody registered, or registered with a second function, says which."""

import pytest

import complaints.selectors
import notifications.selectors
import romantik.staff
from romantik import registry
from romantik.registry import Hook, HookMissing, HookTaken, hooks


@pytest.fixture
def own_hooks(monkeypatch):
    """The hooks a test declares stay out of the list the start-up test reads."""
    monkeypatch.setattr(registry, "_HOOKS", dict(registry._HOOKS))


def test_every_hook_is_registered_by_its_app_at_start_up():
    declared = {hook.name: hook for hook in hooks()}
    assert {
        "complaints.selectors.activity_of_code",
        "notifications.selectors.submission_numbers",
        "romantik.staff.open_work_of",
        "romantik.staff.open_work_release",
        "submissions.tables.variable_copy_initial",
    } <= set(declared)
    assert [name for name, hook in declared.items() if not hook.registered] == []


def test_the_registering_apps_functions_are_the_ones_registered():
    from catalogue.reuse import reusable_variable_initial
    from ceksurvei.selectors import complaint_activity
    from review.staffwork import open_work_of, open_work_release
    from submissions.selectors import submission_numbers
    from submissions.tables import reuse

    assert complaints.selectors._activity_finder._function is complaint_activity
    assert notifications.selectors._submission_numbers._function is submission_numbers
    assert romantik.staff._open_work_of._function is open_work_of
    assert romantik.staff._open_work_release._function is open_work_release
    assert reuse._copy_initial._function is reusable_variable_initial


def test_a_hook_calls_its_function_with_what_it_is_given(own_hooks):
    hook = Hook("tests.echo", "tests")
    hook.register(lambda *args, **kwargs: (args, kwargs))
    assert hook(1, two=2) == ((1,), {"two": 2})


def test_a_hook_nobody_registered_names_itself_and_its_provider(own_hooks):
    hook = Hook("tests.unregistered", "the_provider")
    with pytest.raises(HookMissing, match=r"tests\.unregistered .*the_provider's AppConfig\.ready"):
        hook()


def test_a_second_function_is_refused_and_the_same_one_again_changes_nothing(own_hooks):
    def first():
        return 1

    def second():
        return 2

    hook = Hook("tests.twice", "tests")
    hook.register(first)
    hook.register(first)  # `ready` run again (a test swapping the installed apps)
    with pytest.raises(HookTaken, match=r"tests\.twice is registered twice: .*first and .*second"):
        hook.register(second)
    assert hook() == 1
