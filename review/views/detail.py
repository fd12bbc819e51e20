"""(being built)"""

from django.http import Http404
from django.urls import path


def review_detail(request, pk):
    raise Http404


urlpatterns = [path("periksa/<int:pk>/", review_detail, name="detail")]
