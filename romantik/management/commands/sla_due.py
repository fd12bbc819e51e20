from datetime import date

from django.core.management.base import BaseCommand, CommandError

from romantik.calendar import OfficeCalendar
from romantik.models import Office


class Command(BaseCommand):
    help = "Print the date the office's service time ends for a clock started on --start (ISO date, last line)."

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="BPS office code, e.g. 6202")
        parser.add_argument("--start", required=True, help="Day the clock starts (terekam lengkap), YYYY-MM-DD")

    def handle(self, *args, office, start, **options):
        try:
            started = date.fromisoformat(start)
        except ValueError as exc:
            raise CommandError(f"--start must be a date in the form YYYY-MM-DD, not {start!r}") from exc
        try:
            office_obj = Office.objects.get(code=office)
        except Office.DoesNotExist as exc:
            raise CommandError(f"No office with code {office!r}") from exc
        calendar = OfficeCalendar(office_obj)
        due = calendar.service_due_date(started)
        self.stdout.write(
            f"{office_obj.code} {office_obj.name}: {office_obj.service_time_amount} "
            f"{office_obj.get_service_time_unit_display()} from {started.isoformat()}"
        )
        self.stdout.write(due.isoformat())
