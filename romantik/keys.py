"""Where SECRET_KEY and the certificates' encryption key come from, and which values are refused.

SECRET_KEY signs the sessions, the e-mail confirmation and password-reset links and the kiosk's links, and
when LETTER_KEY_ENCRYPTION_KEY is empty it derives the key that encrypts the heads' PKCS#12 certificates.
A value anyone can read (a default shipped in this repository, an example) is as good as none.

* SECRET_KEY from the environment is used as it is.
* Otherwise the installation's own random key in var/secret_key (mode 0600) is used: `make` creates it
  (`make run`, `make test`), and with DEBUG on it is created on first use.
* Otherwise, with DEBUG off, the settings refuse to load (ImproperlyConfigured): production sets SECRET_KEY.
* With DEBUG off a published value is refused for either key; `manage.py check --deploy` (romantik.checks)
  also flags a short key and a certificates' key derived from a weak SECRET_KEY.

Run as a script (`python -I romantik/keys.py var/secret_key`) it creates the key file if missing; it imports
nothing from the project, so `make` can run it before the settings can load.
"""

import os
import secrets
import sys
from pathlib import Path

# Values that were ever published with Romantik (defaults, examples): never a production key.
PUBLISHED_KEYS = frozenset(
    {
        "insecure-dev-key-change-me-in-production-0123456789abcdef",  # the settings' built-in default until 2026
        "change-me-in-production",  # docker-compose.yml's default until 2026
        "change-me",  # .env.example
        "a-long-random-string",  # .env.example's LETTER_KEY_ENCRYPTION_KEY
    }
)
# Words of a placeholder, not of a key.
PLACEHOLDER_MARKS = ("change-me", "changeme", "insecure", "django-insecure-", "example", "placeholder")
# As Django's own check (security.W009): at least 50 characters, at least 5 different ones.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5


def published(value: str) -> bool:
    """A value shipped with Romantik or shaped like a placeholder: anyone may know it."""
    lowered = value.strip().lower()
    return value in PUBLISHED_KEYS or any(mark in lowered for mark in PLACEHOLDER_MARKS)


def weakness(value: str) -> str | None:
    """Why a key is not good enough for production, or None."""
    if not value:
        return "it is empty"
    if published(value):
        return "it is a published default or a placeholder"
    if len(value) < MIN_LENGTH or len(set(value)) < MIN_UNIQUE_CHARACTERS:
        return f"it is shorter than {MIN_LENGTH} characters or has fewer than {MIN_UNIQUE_CHARACTERS} different ones"
    return None


def key_file_create(path: Path) -> str:
    """The key in `path`, created (random, mode 0600) if missing; safe when two processes race to create it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file_read(path)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(50) + "\n")
    return key_file_read(path)


def key_file_read(path: Path) -> str:
    return Path(path).read_text().strip()


def secret_key(value: str, *, key_file: Path, debug: bool) -> str:
    """SECRET_KEY from its environment value, the installation's key file, or (DEBUG on) a new key file."""
    from django.core.exceptions import ImproperlyConfigured

    if value:
        if not debug and published(value):
            raise ImproperlyConfigured(
                "SECRET_KEY is a published default or a placeholder: anyone could forge sessions, e-mail "
                "confirmations and kiosk links with it. Set SECRET_KEY to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
            )
        return value
    if Path(key_file).is_file():
        key = key_file_read(key_file)
        if key:
            return key
    if debug:
        return key_file_create(key_file)
    raise ImproperlyConfigured(
        f"SECRET_KEY is not set and this installation has no key file ({key_file}). Production must set "
        "SECRET_KEY to its own long random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
        "On a development machine `make run` creates the key file, or set DEBUG=true."
    )


def letter_key(value: str, *, debug: bool) -> str:
    """LETTER_KEY_ENCRYPTION_KEY: empty means derived from SECRET_KEY (checked above); a published value is
    refused with DEBUG off."""
    from django.core.exceptions import ImproperlyConfigured

    if value and not debug and published(value):
        raise ImproperlyConfigured(
            "LETTER_KEY_ENCRYPTION_KEY is a published default or a placeholder: the heads' certificates would be "
            "encrypted with a key anyone knows. Set it to a long random value (and keep it: the stored "
            "certificates can be read only with it)."
        )
    return value


if __name__ == "__main__":
    key_file_create(Path(sys.argv[1]))
