from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from romantik.models import Office
from satisfaction.selectors import Period, office_ikm


class Command(BaseCommand):
    help = (
        "Print an office's satisfaction index (IKM, PermenPANRB 14/2017) for a year or a quarter: the NRR of each "
        'element, then, as the last line, the index with two decimals and its quality category, e.g. "IKM 82.47 B".'
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="The BPS office code, e.g. 6202.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="1-4; the whole year if omitted.")

    def handle(self, *args, office, year, quarter=None, **options):
        target = Office.objects.filter(code=office).first()
        if target is None:
            raise CommandError(f"Unknown office code: {office}")
        if not 1900 <= year <= 9999:
            raise CommandError(f"Not a year: {year}")
        period = Period(year, quarter)
        figures = office_ikm(target, period)
        label = f"{year}" if quarter is None else f"{year} Q{quarter}"
        if figures.result is None:
            raise CommandError(f"No survey responses for {target.name} in {label}.")
        result = figures.result
        with translation.override(settings.LANGUAGE_CODE):
            names = [f"{e.element.code} {e.element.name}" for e in result.elements]
        width = max(len(n) for n in names)
        self.stdout.write(f"{target.name}, {label}: {result.respondents} respondent(s)")
        for name, element in zip(names, result.elements, strict=True):
            self.stdout.write(f"{name.ljust(width)}  {element.nrr_shown}")
        self.stdout.write(f"IKM {result.ikm_shown} {result.quality.value}")
