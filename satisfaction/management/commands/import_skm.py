from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from romantik.models import Office
from satisfaction.importing import skm_csv_read
from satisfaction.services import AlreadyImported, responses_import


class Command(BaseCommand):
    help = (
        "Load paper satisfaction questionnaires of an office from a CSV file: a header row, then one row each "
        "with date (YYYY-MM-DD or DD/MM/YYYY), u1..u9 (1-4) and an optional comment; comma or semicolon. "
        'Each bad row is printed as "Baris N: ..." and then nothing is loaded. The same file is loaded only once '
        "per office."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="The BPS office code, e.g. 6202.")
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args, office, file, **options):
        # The operators are Indonesian: messages in the portal's default language.
        with translation.override(settings.LANGUAGE_CODE):
            target = Office.objects.filter(code=office).first()
            if target is None:
                raise CommandError(f"Unknown office code: {office}")
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            content = path.read_bytes()
            rows, problems = skm_csv_read(content, today=timezone.localdate())
            if problems:
                for problem in problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    f"{len(problems)} line(s) with problems in {path.name}: nothing was loaded. "
                    "Correct the file and run the command again."
                )
            try:
                count = responses_import(office=target, rows=rows, content=content, file_name=path.name)
            except AlreadyImported as already:
                previous = already.previous
                raise CommandError(
                    f"This file was already loaded for {target.name} on "
                    f"{timezone.localtime(previous.imported_at):%Y-%m-%d %H:%M} as {previous.file_name} "
                    f"({previous.count} questionnaire(s)): nothing was loaded, so nothing is counted twice."
                ) from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} questionnaire(s) for {target.name} from {path.name}."))
