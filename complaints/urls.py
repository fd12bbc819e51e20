from django.urls import include, path

from .views import office, public

app_name = "complaints"

urlpatterns = [
    path("", include(public.urlpatterns)),
    path("", include(office.urlpatterns)),
]
