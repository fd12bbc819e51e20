from tests.catalogue.conftest import make_issued, world  # noqa: F401 - the catalogue's world and issued activities
from tests.review.conftest import office_world  # noqa: F401 - the world the catalogue is built in
