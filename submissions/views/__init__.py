"""Views of the submissions app, one module per capability; each module has its own `urlpatterns`."""
