"""System checks for a deployment (`manage.py check --deploy`): the keys (romantik.keys)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import keys


@register(Tags.security, deploy=True)
def keys_check(app_configs=None, **kwargs):
    problems = []
    secret_weakness = keys.weakness(settings.SECRET_KEY)
    if secret_weakness:
        problems.append(
            Error(
                f"SECRET_KEY is not fit for production: {secret_weakness}. With it anyone forges sessions, "
                "e-mail confirmations and kiosk links.",
                hint="Set SECRET_KEY to its own long random value: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="romantik.E001",
            )
        )
    letter_key = settings.LETTER_KEY_ENCRYPTION_KEY
    if letter_key:
        letter_weakness = keys.weakness(letter_key)
        if letter_weakness:
            problems.append(
                Error(
                    f"LETTER_KEY_ENCRYPTION_KEY is not fit for production: {letter_weakness}.",
                    hint="Set it to its own long random value before certificates are uploaded (they can be read "
                    "only with the key they were stored with).",
                    id="romantik.E002",
                )
            )
    elif secret_weakness:
        problems.append(
            Error(
                "LETTER_KEY_ENCRYPTION_KEY is empty, so the key that encrypts the heads' certificates is derived "
                f"from SECRET_KEY, which is not fit for production ({secret_weakness}).",
                hint="Set LETTER_KEY_ENCRYPTION_KEY to its own long random value.",
                id="romantik.E003",
            )
        )
    else:
        problems.append(
            Warning(
                "LETTER_KEY_ENCRYPTION_KEY is empty: the heads' certificates are encrypted with a key derived from "
                "SECRET_KEY, so changing SECRET_KEY makes them unreadable.",
                hint="Set LETTER_KEY_ENCRYPTION_KEY to its own long random value (an installation that already "
                "stores certificates keeps them readable with the value romantik-letters:<its SECRET_KEY>).",
                id="romantik.W001",
            )
        )
    return problems
