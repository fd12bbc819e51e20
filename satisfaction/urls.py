from django.urls import include, path

from .views import kiosk, rating, report

app_name = "satisfaction"

urlpatterns = [
    path("", include(rating.urlpatterns)),
    path("", include(kiosk.urlpatterns)),
    path("", include(report.urlpatterns)),
]
