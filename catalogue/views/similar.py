"""Duplicate detection as the agency types (static/js/similar.js): the activities recommended *layak* on the
same subject as what is typed, with why each is suggested. Public, as the catalogue it reads; GET only."""

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_GET

from ..selectors import similar_activities, similar_explained

LIMIT = 5
MAX_VARIABLES = 50  # a described activity's variables beyond these add little and lengthen the address
MAX_TEXT = 500


def described_activity(params) -> dict:
    """`similar_activities`'s arguments from the address's parameters (judul, tujuan, variabel (repeated),
    sektor, provinsi and kabkota (Region ids), kecuali: the submission itself)."""
    return {
        "title": params.get("judul", "")[:MAX_TEXT],
        "objective": params.get("tujuan", "")[:MAX_TEXT],
        "variables": [v[:MAX_TEXT] for v in params.getlist("variabel")[:MAX_VARIABLES]],
        "sector": params.get("sektor") or None,
        "province": params.get("provinsi") or None,
        "regency": params.get("kabkota") or None,
        "exclude_pk": _pk(params.get("kecuali")),
    }


def _pk(value) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def similar_suggestions(request):
    found = similar_explained(similar_activities(**described_activity(request.GET), limit=LIMIT))
    html = render_to_string(
        "catalogue/_similar_items.html", {"similar_activities": found, "searched": True}, request=request
    )
    results = [
        {
            "id": s.pk,
            "title": s.catalogue_entry.title,
            "agency": s.catalogue_entry.agency_name,
            "year": s.catalogue_entry.year,
            "recommendation_number": s.catalogue_entry.recommendation_number,
            "score": s.similarity,
            "reasons": s.reasons,
        }
        for s in found
    ]
    response = JsonResponse({"count": len(results), "results": results, "html": html})
    response["Cache-Control"] = "private, max-age=60"
    return response


urlpatterns = [
    path("katalog/mirip/", similar_suggestions, name="similar"),
]
