"""Views of the review workflow, one module per capability; each module has its own `urlpatterns`."""
