"""The precomputed monthly figures of each office (`services.office_months_refresh` fills them).

Why a table rather than SQL over the submissions at each request: the duration of a decision is counted as the
office's service clock counts it (working days of the office's own calendar, national holidays and its closed
days, minus the days each revision waited; review/figures.py), which SQL cannot compute, and doing it in Python
for every decision of the country at each request would cost seconds. So each office's decisions are reduced
once per month to counts and a histogram of their durations (days → decisions): a month, a year or any set of
offices is then the sum of a bounded number of rows (offices × 12 at most), and the exact median of the merged
histogram is the median of the decisions, on SQLite and PostgreSQL alike.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeMonth(models.Model):
    office = models.ForeignKey("romantik.Office", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    decided = models.PositiveIntegerField(default=0)  # decisions taken in the month (office's time zone)
    on_time = models.PositiveIntegerField(default=0)  # of which on or before the due date
    not_feasible = models.PositiveIntegerField(default=0)  # of which tidak layak
    revisions = models.PositiveIntegerField(default=0)  # returns for revision of those decided (round − 1 each)
    withdrawn = models.PositiveIntegerField(default=0)  # submissions the agency withdrew in the month
    # submissions the portal closed in the month (ditutup: a revision left untouched past the office's limit)
    closed = models.PositiveIntegerField(default=0)
    # {"days": decisions} of the decisions with a duration (recorded complete), in the office's unit.
    durations = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "month"], name="supervision_office_month")]
        indexes = [models.Index(fields=["month", "office"], name="supervision_month_office")]

    def __str__(self):
        return f"{self.office_id} {self.month:%Y-%m}"


class OfficeNow(models.Model):
    """Each office's figures of now (open work by state, overdue, complaints open and overdue, hand-overs of results
    due, handed over and overdue), as `services.office_now_refresh` counted them last (Celery beat, every few
    minutes, and with the hourly monthly figures). The supervision table reads these rows, one query for any number
    of offices, rather than counting every open submission of the country at each request; the page says when they
    were counted. One office's own page (/pengawasan/<code>/) counts live."""

    office = models.OneToOneField("romantik.Office", on_delete=models.CASCADE, primary_key=True, related_name="+")
    open_by_state = models.JSONField(default=dict)  # {state: submissions}
    overdue = models.PositiveIntegerField(default=0)
    complaints_open = models.PositiveIntegerField(default=0)
    complaints_overdue = models.PositiveIntegerField(default=0)
    handovers_due = models.PositiveIntegerField(default=0)
    handovers_done = models.PositiveIntegerField(default=0)
    handovers_overdue = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.office_id} {self.refreshed_at:%Y-%m-%d %H:%M}"
