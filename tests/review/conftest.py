# The office world's fixtures live in tests/conftest.py (every test folder uses them); named here too for the
# modules that import them from here.
from tests.conftest import office_world, office_world_build, office_world_module  # noqa: F401
