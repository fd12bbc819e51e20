"""Reads of the standard classifications, for the variable form, the import and the pages that show a variable."""

from .models import Classification


def classification_choices() -> list[tuple[str, str]]:
    """(code, name) of every shipped classification, by name: the variable form's choices."""
    return list(Classification.objects.order_by("name").values_list("code", "name"))


def classification_names() -> dict[str, str]:
    """code -> name, to show a variable's standard classification ("kbli2020" -> "KBLI 2020")."""
    return dict(classification_choices())


def _key(text: str) -> str:
    return "".join(str(text).split()).casefold()


def classification_code(text: str) -> str | None:
    """The code of the classification `text` names: its code ("kbli2020") or its name ("KBLI 2020", any case or
    spacing); "" for an empty text; None when no shipped classification matches."""
    if not (text or "").strip():
        return ""
    wanted = _key(text)
    for code, name in classification_choices():
        if wanted in (_key(code), _key(name)):
            return code
    return None
