from django.urls import include, path

from .views import attachments, blank_form, frontdesk, kiosk, renewal, restart, sections, tables

app_name = "submissions"

urlpatterns = [
    path("", include(sections.urlpatterns)),
    path("", include(tables.urlpatterns)),
    path("", include(attachments.urlpatterns)),
    path("", include(blank_form.urlpatterns)),
    path("", include(frontdesk.urlpatterns)),
    path("", include(kiosk.urlpatterns)),
    path("", include(restart.urlpatterns)),
    path("", include(renewal.urlpatterns)),
]
