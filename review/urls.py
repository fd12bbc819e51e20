from django.urls import include, path

from .views import detail, diff, queue

app_name = "review"

urlpatterns = [
    path("", include(detail.urlpatterns)),
    path("", include(diff.urlpatterns)),
    path("", include(queue.urlpatterns)),
]
