"""Copying a variable of a recommended activity into the add-variable form (issue 22, reuse).

Which variables may be copied is the catalogue's to know (a layer above): it registers the function that gives a
copied variable's values from `CatalogueConfig.ready`. The add page only fills its form with them; the agency
saves it as any variable it typed (`rows.variable_save`, with its permission check)."""

from collections.abc import Callable

_copy_initial: Callable[[str], dict | None] | None = None


def variable_copy_register(initial_of: Callable[[str], dict | None]) -> None:
    global _copy_initial
    _copy_initial = initial_of


def variable_copy_initial(key: str) -> dict | None:
    """The add form's initial values for the offered variable `key` (the page's ?salin=), or None."""
    if not key or _copy_initial is None:
        return None
    return _copy_initial(key)
