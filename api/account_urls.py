# Not namespaced, like the other account pages under /akun/ (notification_preferences, allauth's).
from .views.tokens import urlpatterns  # noqa: F401
