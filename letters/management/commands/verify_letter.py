import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from letters.verification import verify_pdf


class Command(BaseCommand):
    help = (
        "Check a letter PDF: its electronic signature (intact, trusted) and that it is the letter on record. "
        'The last line is "<number> VALID" or "INVALID <reason>"; the exit code is 1 when invalid.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PDF to check.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override("en"):
            result = verify_pdf(path.read_bytes())
            if result.signer:
                self.stdout.write(f"Signer: {result.signer}")
            if result.letter is not None:
                letter = result.letter
                self.stdout.write(f"Letter: {letter.number} of {letter.letter_date:%Y-%m-%d}, {letter.office.name}")
                self.stdout.write(f"Agency: {letter.submission.agency.name}; activity: {letter.submission.title}")
            self.stdout.write(result.summary)
        if not result.valid:
            sys.exit(1)
