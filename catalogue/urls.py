from django.urls import include, path

from .views import public

app_name = "catalogue"

urlpatterns = [
    path("", include(public.urlpatterns)),
]
