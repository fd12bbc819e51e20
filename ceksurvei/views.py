"""Cek Survei's public pages (no log-in): the form to type a code, and one code's page (the QR code's target).

A known code: who runs the activity, under which recommendation, valid for which period and area, whom to
contact, and a button to report a problem (the complaint form, its office chosen). A code whose period ended:
the same, under a plain warning, with 410. An unknown code: 404, counted against the client's limit
(ceksurvei.limits); once used up, 429 for every code until the window ends.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue.metadata import decision_label
from letters.public_code import code_normalise

from . import limits
from .burden import MINUTES_PER_QUESTION, burden_totals, wage_year
from .forms import CodeForm
from .selectors import survey_check

app_name = "ceksurvei"


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def complaint_url(check) -> str:
    """The complaint form with the activity's office and the activity named (complaints.views.public reads ?kode=,
    through ceksurvei.selectors.complaint_activity; ?kantor= stays for a form opened without it)."""
    query = {"kantor": check.submission.office.code, "kode": check.code.replace("-", "")}
    return f"{reverse('complaints:file')}?{urlencode(query)}"


@require_GET
def check_form(request):
    """The form; ?kode=… (the form's own GET) goes to that code's page, or comes back with the error."""
    if "kode" not in request.GET:
        return render(request, "ceksurvei/form.html", {"form": CodeForm()})
    form = CodeForm({"kode": request.GET.get("kode", "")})
    if not form.is_valid():
        return render(request, "ceksurvei/form.html", {"form": form}, status=400)
    return redirect("ceksurvei:code", code=form.cleaned_data["kode"])


@require_GET
def check_code(request, code):
    wait = limits.lookup_used_up(request)
    if wait is not None:
        message = _(
            "Too many unknown codes were checked from this connection. Please try again in %(minutes)s minutes."
        )
        return render(
            request,
            "ceksurvei/unknown.html",
            {"message": message % {"minutes": _minutes(wait)}, "form": CodeForm()},
            status=429,
        )
    normalised = code_normalise(code)
    check = survey_check(normalised)
    if check is None:
        limits.lookup_failed(request)
        return render(request, "ceksurvei/unknown.html", {"code": code[:20], "form": CodeForm()}, status=404)
    if normalised != code:  # typed in lower case or with a dash: the page of the code as stored
        return redirect("ceksurvei:code", code=normalised)
    return render(
        request,
        "ceksurvei/code.html",
        {
            "check": check,
            "entry": check.entry,
            "submission": check.submission,
            "office": check.submission.office,
            "decision": decision_label(check.entry.decision),
            "complaint_url": complaint_url(check),
        },
        status=410 if check.expired else 200,
    )


@require_GET
def burden_totals_page(request):
    """Public: the respondent burden of the recommended activities per year, province and agency."""
    return render(
        request,
        "ceksurvei/burden_totals.html",
        {"totals": burden_totals(), "per_question": MINUTES_PER_QUESTION, "wage_year": wage_year()},
    )


urlpatterns = [
    path("", check_form, name="form"),
    path("beban/", burden_totals_page, name="burden_totals"),  # before <code>: "beban" is no code (8 characters)
    path("<str:code>/", check_code, name="code"),
]
