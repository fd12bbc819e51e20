from django.urls import include, path

from .views import pages, public

app_name = "supervision"

urlpatterns = [
    path("", include(pages.urlpatterns)),
    path("", include(public.urlpatterns)),
]
