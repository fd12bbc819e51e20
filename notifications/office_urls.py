"""The message page of an office, mounted under kantor/<code>/pesan/ in portal/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.office_messages, name="office_messages"),
    path("<int:pk>/kirim-ulang/", views.office_message_resend, name="office_message_resend"),
    path("kirim-ulang-gagal/", views.office_messages_resend_failed, name="office_messages_resend_failed"),
]
