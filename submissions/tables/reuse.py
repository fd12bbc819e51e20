"""Copying a variable of a recommended activity into the add-variable form (issue 22, reuse).

Which variables may be copied is the catalogue's to know (a layer above): it registers the function that gives a
copied variable's values from `CatalogueConfig.ready` (a `romantik.registry.Hook`). The add page only fills its
form with them; the agency saves it as any variable it typed (`rows.variable_save`, with its permission check)."""

from romantik.registry import Hook

_copy_initial = Hook("submissions.tables.variable_copy_initial", "catalogue")
variable_copy_register = _copy_initial.register


def variable_copy_initial(key: str) -> dict | None:
    """The add form's initial values for the offered variable `key` (the page's ?salin=), or None."""
    if not key:
        return None
    return _copy_initial(key)
