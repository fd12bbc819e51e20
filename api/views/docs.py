"""The OpenAPI schema, its documentation page (Swagger UI from the sidecar package's static files, no CDN), and
a JSON 404 for every other address under /api/. (Not Redoc: drf-spectacular's Redoc page loads Google Fonts.)"""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ..exceptions import MESSAGES, ApiError


class SchemaView(SpectacularAPIView):
    # The schema and the docs are public; a token is not needed to read them.
    permission_classes = [AllowAny]


class SwaggerView(SpectacularSwaggerSplitView):
    """The split view: its start-up script is a separate same-origin file, so the page needs no inline script
    (the site's Content-Security-Policy allows none)."""

    permission_classes = [AllowAny]


class NotFoundView(APIView):
    """Any unknown address under /api/: a JSON 404 instead of the site's HTML page."""

    schema = None  # not an operation of the API
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        raise ApiError(MESSAGES["not_found"], status_code=404, code="not_found")


# Swagger UI sets style attributes from its scripts: inline styles are allowed on this page only.
docs_view = csp_update({"style-src": ["'unsafe-inline'"]})(
    SwaggerView.as_view(url_name="api:schema", title="Romantik API")
)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
]
# [\s\S], not ".": a path with an encoded newline (%0A) must land here too.
not_found_urlpatterns = [re_path(r"^[\s\S]*$", NotFoundView.as_view(), name="not_found")]
