"""The production image carries the runtime only (issue 20): requirements.txt is what the Dockerfile installs,
requirements-dev.txt adds the test, lint and bench tools on top of it and is what `make setup` (hence `make test`
and CI) installs. Every package is pinned."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = {
    "pytest", "pytest-django", "pytest-xdist", "factory-boy", "playwright", "aiosmtpd", "moto", "ruff",
    "import-linter", "schemathesis", "hypothesis",
}  # fmt: skip


def _packages(name: str) -> dict[str, str]:
    """name (lower case, extras dropped) -> the requirement line, for every package line of the file."""
    found = {}
    for line in (REPO / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-r ")):
            continue
        found[re.split(r"[\[=<>!~ ]", line, maxsplit=1)[0].lower()] = line
    return found


def test_every_package_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in _packages(name).values():
            assert re.fullmatch(r"[A-Za-z0-9._-]+(\[[a-z0-9,]+\])?==[0-9][0-9A-Za-z.]*", line), (name, line)


def test_the_runtime_has_no_test_tools_and_dev_adds_them():
    runtime, dev = _packages("requirements.txt"), _packages("requirements-dev.txt")
    assert not TOOLS & runtime.keys()
    assert TOOLS <= dev.keys()
    assert not runtime.keys() & dev.keys()  # each package in one file
    assert "-r requirements.txt" in (REPO / "requirements-dev.txt").read_text().splitlines()
    assert {"django", "gunicorn", "celery", "djangorestframework", "psycopg2-binary"} <= runtime.keys()


def test_the_image_installs_the_runtime_and_make_setup_both():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "requirements-dev.txt" not in re.sub(r"#.*", "", dockerfile)
    makefile = (REPO / "Makefile").read_text()
    assert "uv pip install --quiet --python $(PY) -r requirements-dev.txt" in makefile
    assert re.search(r"^UV_VERSION := [0-9]+\.[0-9]+\.[0-9]+$", makefile, re.MULTILINE)  # uv itself pinned too
    assert "$(STAMP): requirements.txt requirements-dev.txt" in makefile
