from django.urls import include, path

from .views import public, reuse, similar

app_name = "catalogue"

urlpatterns = [
    path("", include(public.urlpatterns)),
    path("", include(similar.urlpatterns)),
    path("", include(reuse.urlpatterns)),
]
