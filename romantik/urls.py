from django.contrib import admin
from django.urls import include, path

from . import views
from .health import health

urlpatterns = [
    path("", views.home, name="home"),
    path("mulai/", views.start, name="start"),
    path("health/", health, name="health"),
    path("akun/notifikasi/", include("notifications.urls")),
    path("akun/token-api/", include("api.account_urls")),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("instansi/", views.agency_dashboard, name="agency_dashboard"),
    path("layanan/", views.office_list, name="office_list"),
    path("layanan/<str:code>/", views.office_service, name="office_service"),
    path("kantor/<str:code>/", views.office_workspace, name="office_workspace"),
    path("kantor/<str:code>/tanda-tangan/", views.office_signing, name="office_signing"),
    path("kantor/<str:code>/verifikasi-instansi/", views.membership_queue, name="membership_queue"),
    path(
        "kantor/<str:code>/verifikasi-instansi/<int:pk>/",
        views.membership_decision,
        name="membership_decision",
    ),
    path("kantor/<str:code>/hari-tutup/", views.office_closures, name="office_closures"),
    path("kantor/<str:code>/hari-tutup/<int:pk>/hapus/", views.office_closure_delete, name="office_closure_delete"),
    path("kantor/<str:code>/pesan/", include("notifications.office_urls")),
    path("", include("submissions.urls")),
    path("", include("review.urls")),
    path("", include("letters.urls")),
    path("", include("complaints.urls")),
    path("", include("satisfaction.urls")),
    path("", include("catalogue.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
