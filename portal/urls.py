"""The root URL configuration (ROOT_URLCONF): every app's pages, mounted where the portal shows them."""

from django.contrib import admin
from django.urls import include, path

from letters.views.office import office_signing
from review.views.workspace import office_workspace
from romantik import views
from romantik.health import health
from submissions.views.dashboard import agency_dashboard

urlpatterns = [
    path("", views.home, name="home"),
    path("mulai/", views.start, name="start"),
    path("health/", health, name="health"),
    path("akun/notifikasi/", include("notifications.urls")),
    path("akun/token-api/", include("api.account_urls")),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pilihan/", include("romantik.pickers")),
    path("instansi/", agency_dashboard, name="agency_dashboard"),
    path("layanan/", views.office_list, name="office_list"),
    path("layanan/<str:code>/", views.office_service, name="office_service"),
    path("layanan/<str:code>/dokumen/<int:pk>/", views.office_document_download, name="office_document"),
    path("kantor/<str:code>/", office_workspace, name="office_workspace"),
    path("kantor/<str:code>/tanda-tangan/", office_signing, name="office_signing"),
    path("kantor/<str:code>/verifikasi-instansi/", views.membership_queue, name="membership_queue"),
    path(
        "kantor/<str:code>/verifikasi-instansi/<int:pk>/",
        views.membership_decision,
        name="membership_decision",
    ),
    path("kantor/<str:code>/hari-tutup/", views.office_closures, name="office_closures"),
    path("kantor/<str:code>/hari-tutup/<int:pk>/hapus/", views.office_closure_delete, name="office_closure_delete"),
    path("kantor/<str:code>/dokumen/", views.office_documents, name="office_documents"),
    path("kantor/<str:code>/dokumen/<int:pk>/hapus/", views.office_document_delete, name="office_document_delete"),
    path("kantor/<str:code>/standar-layanan/", views.office_standard, name="office_standard"),
    path("kantor/<str:code>/pesan/", include("notifications.office_urls")),
    path("", include("romantik.views_staff")),  # /kantor/<code>/staf/… and /kantor/<code>/riwayat/
    path("", include("romantik.views_channels")),  # /kantor/<code>/pengaturan-layanan/
    path("", include("romantik.views_agencies")),  # /kantor/<code>/instansi/…: the office's agency list
    path("", include("submissions.urls")),
    path("", include("review.urls")),
    path("", include("letters.urls")),
    path("", include("complaints.urls")),
    path("", include("satisfaction.urls")),
    path("", include("catalogue.urls")),
    path("", include("handover.urls")),  # /pengajuan/<pk>/hasil/, /kantor/<code>/serah-hasil/
    path("", include("supervision.urls")),
    path("cek-survei/", include("ceksurvei.urls")),  # Cek Survei (issue 22): public check by survey code
    path("prapemeriksaan/aturan/", include("prereview.views")),  # the pre-review catalogue (issue 22)
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
