from django.core.management.base import BaseCommand

from prereview.services import rules_seed


class Command(BaseCommand):
    help = "Adds the built-in pre-review rules (prereview/seed/rules.json) the catalogue lacks."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="rewrite the seeded rules as in the file")

    def handle(self, *args, overwrite=False, **options):
        count = rules_seed(overwrite=overwrite)
        self.stdout.write(f"{count} rule(s) written.")
