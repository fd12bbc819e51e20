from django.urls import include, path

from .views import draft, public, sign

app_name = "letters"

urlpatterns = [
    path("", include(draft.urlpatterns)),
    path("", include(sign.urlpatterns)),
    path("", include(public.urlpatterns)),
]
