from django.core.management.base import BaseCommand

from romantik.security import totp_code_now
from romantik.seed_data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo heads, office admins and site admin (demo data only)."

    def handle(self, *args, **options):
        self.stdout.write(totp_code_now(DEMO_TOTP_SECRET))
