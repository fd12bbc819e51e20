"""The demo data of every app, loaded in layer order (each app's own loader is idempotent)."""

from romantik.seeding import agencies_load, office_documents_load, offices_load, regions_load, staff_load
from satisfaction.seeding import demo_responses_load


def demo_load() -> dict:
    """Regions, the demo offices and their staff, agencies and their users, and paper survey responses."""
    return {
        "regions": regions_load(),
        "offices": offices_load(),
        "staff": staff_load(),
        "agencies": agencies_load(),
        "office_documents": office_documents_load(),
        "survey_responses": demo_responses_load(),
    }
