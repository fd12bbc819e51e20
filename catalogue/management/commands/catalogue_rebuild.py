from django.core.management.base import BaseCommand

from catalogue.services import catalogue_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the public catalogue from the issued submissions: refresh every row (and its search index) "
        "and drop rows that no longer belong. Safe to run at any time."
    )

    def handle(self, *args, **options):
        listed = catalogue_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{listed} activities in the catalogue."))
