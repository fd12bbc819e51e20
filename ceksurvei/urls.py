from .views import app_name, urlpatterns  # noqa: F401 - mounted at /cek-survei/ by portal/urls.py
