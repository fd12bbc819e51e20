from django.urls import include, path

from .views import draft, public, settings, sign

app_name = "letters"

urlpatterns = [
    path("", include(draft.urlpatterns)),
    path("", include(sign.urlpatterns)),
    path("", include(public.urlpatterns)),
    path("", include(settings.urlpatterns)),
]
