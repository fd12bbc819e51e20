from django.urls import include, path

from .views import burden, pages, public

app_name = "supervision"

urlpatterns = [
    path("", include(burden.urlpatterns)),  # before pages: "beban-responden" is no office code
    path("", include(pages.urlpatterns)),
    path("", include(public.urlpatterns)),
]
