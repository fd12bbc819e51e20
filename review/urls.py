from django.urls import include, path

from .views import assignments, comments, consultations, decisions, detail, diff, notes, queue

app_name = "review"

urlpatterns = [
    path("", include(detail.urlpatterns)),
    path("", include(decisions.urlpatterns)),
    path("", include(assignments.urlpatterns)),
    path("", include(notes.urlpatterns)),
    path("", include(comments.urlpatterns)),
    path("", include(consultations.urlpatterns)),
    path("", include(diff.urlpatterns)),
    path("", include(queue.urlpatterns)),
]
