from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from romantik.seed_data import DEMO_PASSWORD
from romantik.seeding import demo_load


class Command(BaseCommand):
    help = "Load regions, the demo offices with their service standards, demo staff and agencies (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet=False, **options):
        from letters.pki import DEMO_PASSPHRASE, demo_certificates_load
        from submissions.seeding import demo_submissions_load

        loaded = demo_load()
        submissions = demo_submissions_load()
        # Two demo complaints: one overdue at 6202, one being handled at 6371.
        from complaints.seeding import demo_complaints_load

        demo_complaints_load()
        # Demo signing certificates (marked "DEMO — bukan sertifikat resmi") for every demo head.
        certificates = demo_certificates_load()
        from catalogue.seeding import demo_catalogue_load  # three issued activities: a non-empty catalogue

        demo_catalogue_load()
        User = get_user_model()
        if not User.objects.filter(email="admin@demo.bps.go.id").exists():
            User.objects.create_superuser(
                email="admin@demo.bps.go.id", password=DEMO_PASSWORD, full_name="Admin Situs (Demo)"
            )
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
        for agency, user in loaded["agencies"]:
            status = user.membership.get_status_display()
            self.stdout.write(f"  agency user           {user.email:<42} {agency.name} ({status})")
        for office, role, user in loaded["staff"]:
            self.stdout.write(f"  {role:<21} {user.email:<42} {office.name}")
