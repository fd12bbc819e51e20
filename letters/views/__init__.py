"""Views of letters, one module per capability; each module has its own `urlpatterns`."""
