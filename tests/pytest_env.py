"""Loaded with `-p tests.pytest_env` before Django's settings: tests keep their
database file, mail and broker queue out of the developer's var/."""

import os
import tempfile

os.environ.setdefault("ROMANTIK_VAR_DIR", tempfile.mkdtemp(prefix="romantik-test-"))
