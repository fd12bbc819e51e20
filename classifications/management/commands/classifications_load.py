"""Check and load the standard classifications shipped in classifications/data/ (or check one file only)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classifications.loading import ClassificationFileError, classification_file_read
from classifications.services import classifications_load


class Command(BaseCommand):
    help = "Check the classification files and load them (all or none); --check FILE only checks one file."

    def add_arguments(self, parser):
        parser.add_argument("--check", metavar="FILE", help="check this file and report its counts; write nothing")
        parser.add_argument("--directory", metavar="DIR", help="load the files of this folder instead of data/")

    def handle(self, *args, check=None, directory=None, **options):
        try:
            if check:
                reports = [classification_file_read(Path(check)).report()]
            else:
                reports = classifications_load(**({"directory": Path(directory)} if directory else {}))
        except ClassificationFileError as error:
            raise CommandError(str(error)) from None
        for line in reports:
            self.stdout.write(line)
