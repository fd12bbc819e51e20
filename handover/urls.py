from django.urls import include, path

from .views import agency, evidence, office

app_name = "handover"

urlpatterns = [
    path("", include(agency.urlpatterns)),
    path("", include(office.urlpatterns)),
    path("", include(evidence.urlpatterns)),
]
