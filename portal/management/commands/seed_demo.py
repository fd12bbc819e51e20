from django.conf import settings
from django.core.management.base import BaseCommand

from portal.seeding import demo_load
from romantik.seed_agencies import agency_list_load
from romantik.seed_data import DEMO_PASSWORD
from romantik.seeding import site_admin_load


class Command(BaseCommand):
    help = "Load regions, the demo offices with their service standards, demo staff and agencies (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet=False, **options):
        from letters.pki import DEMO_PASSPHRASE, demo_certificates_load
        from submissions.seeding import demo_submissions_load

        loaded = demo_load()
        agency_list_load()  # the curated agency list of the demo regions (romantik/seed_agencies.py)
        submissions = demo_submissions_load()
        # Two demo complaints: one overdue at 6202, one being handled at 6371.
        from complaints.seeding import demo_complaints_load

        demo_complaints_load()
        # Demo signing certificates (marked "DEMO — bukan sertifikat resmi") for every demo head.
        certificates = demo_certificates_load()
        from catalogue.seeding import demo_catalogue_load  # three issued activities: a non-empty catalogue

        demo_catalogue_load()
        from handover.seeding import demo_handovers_load  # of those activities: one received, one overdue, due

        demo_handovers_load()
        site_admin_load()  # with the demo TOTP secret: the site admin's role requires two-factor
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {loaded['regions']} regions, {len(loaded['offices'])} offices, "
                f"{len(loaded['staff'])} staff roles, {len(loaded['agencies'])} agency users, "
                f"{len(submissions)} new demo submissions, {len(certificates)} demo signing certificates."
            )
        )
        if quiet:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}) at http://127.0.0.1:8000/akun/login/")
        self.stdout.write(
            f"Heads sign letters with their demo certificate; passphrase for all: {DEMO_PASSPHRASE} "
            "(demo certificates, not official ones)"
        )
        self.stdout.write("  site admin            admin@demo.bps.go.id")
        from complaints.seeding import demo_tracking_link

        if link := demo_tracking_link():
            self.stdout.write(f"Demo complaint filed without an account, its tracking link: {settings.SITE_URL}{link}")
        for agency, user in loaded["agencies"]:
            status = user.membership.get_status_display()
            self.stdout.write(f"  agency user           {user.email:<42} {agency.name} ({status})")
        for office, role, user in loaded["staff"]:
            self.stdout.write(f"  {role:<21} {user.email:<42} {office.name}")
