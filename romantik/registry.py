"""A named hook: how a lower layer asks a higher one (docs/ARCHITECTURE.md, Layers), without importing it.

The lower app declares the hook and calls it; the higher app registers the one function that answers it from its
`AppConfig.ready`. Calling a hook nobody registered, or registering a second, different function, is a
configuration mistake and says so by the hook's name, rather than a page quietly showing less.

    activity_of_code = Hook("complaints.activity_of_code", "ceksurvei")     # complaints/selectors.py
    activity_of_code.register(complaint_activity)                          # CekSurveiConfig.ready
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class HookMissing(ImproperlyConfigured):
    pass


class HookTaken(ImproperlyConfigured):
    pass


_HOOKS: dict[str, "Hook"] = {}


def _label(function) -> str:
    return f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', repr(function))}"


class Hook:
    def __init__(self, name: str, provider: str):
        """`name` says where it is declared; `provider` the app whose `AppConfig.ready` registers it."""
        self.name, self.provider = name, provider
        self._function: Callable | None = None
        _HOOKS[name] = self

    def register(self, function: Callable) -> None:
        # The same function again is no change: Django runs `ready` again when a test swaps the installed apps.
        if self._function is not None and self._function is not function:
            raise HookTaken(
                f"The hook {self.name} is registered twice: {_label(self._function)} and {_label(function)}."
            )
        self._function = function

    @property
    def registered(self) -> bool:
        return self._function is not None

    def __call__(self, *args, **kwargs) -> Any:
        if self._function is None:
            raise HookMissing(
                f"The hook {self.name} has no function: {self.provider}'s AppConfig.ready registers it; is "
                f"{self.provider} in INSTALLED_APPS?"
            )
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {_label(self._function) if self._function else 'not registered'}>"


def hooks() -> list[Hook]:
    """Every hook declared so far (those of the modules imported): tests check each is registered."""
    return list(_HOOKS.values())
