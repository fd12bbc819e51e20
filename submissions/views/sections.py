"""Starting a submission, filling its sections (with autosave), the overview and submitting."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prereview.slots import section_slots
from romantik.officetime import zoned_text
from romantik.refusals import form_refuse, refusal_show
from romantik.selectors import membership_of
from submissions.states import State

from ..completeness import missing_count, summary
from ..forms import StartForm, WithdrawForm, section_form
from ..models import Submission
from ..prereview_input import prereview_context, prereview_results
from ..rules import withdrawn_already
from ..sections import SECTIONS_BY_KEY, sections_for
from ..selectors import (
    agency_list_page,
    agency_list_rows,
    submission_issued_decision,
    submission_withdrawal,
    submissions_of_agency_user,
)
from ..services import (
    delete_refusal,
    restart_refusal,
    section_save,
    section_unsaved,
    submission_delete_draft,
    submission_route,
    submission_start,
    submission_submit_once,
    submission_withdraw_once,
    submit_refusal,
    withdraw_refusal,
)
from .common import section_url as _section_url
from .common import submission_context, submission_for

PAGE_SIZE = 25


@login_required
def submission_list(request):
    """'My submissions': everything of the user's agency (see selectors), newest first."""
    membership = membership_of(request.user)
    submissions = agency_list_page(submissions_of_agency_user(request.user))
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "submissions/list.html",
        {"membership": membership, "page": page, "rows": agency_list_rows(page.object_list)},
    )


@login_required
def submission_new(request):
    membership = membership_of(request.user)
    if membership is None:
        messages.warning(request, _("Your account is not linked to a government agency."))
        return redirect("agency_dashboard")
    form = StartForm(request.POST or None, initial={"kind": request.GET.get("jenis")})
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_start(
                kind=form.cleaned_data["kind"], owner=request.user, actor=request.user, title=form.cleaned_data["title"]
            )
        except PermissionDenied as denied:
            refusal_show(request, denied, denied=_("You may not start a submission."))
            return redirect("agency_dashboard")
        messages.success(request, _("The draft was created. Fill the sections in any order; it is saved as you go."))
        return redirect("submissions:section", pk=submission.pk, key="header")
    return render(request, "submissions/new.html", {"form": form, "membership": membership})


def _section_or_404(submission, key):
    section = SECTIONS_BY_KEY.get(key)
    if section is None or section.table or not section.applies_to(submission):
        raise Http404
    return section


def _next_section_url(submission, section):
    keys = [s.key for s in sections_for(submission)]
    following = keys[keys.index(section.key) + 1 :] if section.key in keys else []
    if not following:
        return reverse("submissions:overview", kwargs={"pk": submission.pk})
    return _section_url(submission, following[0])


@login_required
def section_edit(request, pk, key):
    submission = submission_for(request, pk)
    section = _section_or_404(submission, key)
    can_edit = request.user.has_perm("submissions.change_submission", submission)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = section_save(submission=submission, section=section, data=request.POST, actor=request.user)
        if form.is_valid():
            messages.success(request, _("%(section)s saved.") % {"section": section.title})
            if "lanjut" in request.POST:
                return redirect(_next_section_url(submission, section))
            return redirect("submissions:section", pk=submission.pk, key=section.key)
        status = 400
        messages.error(
            request,
            _("Some answers need attention (marked below). What you typed is kept as a draft; nothing is lost."),
        )
    else:
        form_class = section_form(section, submission)
        unsaved = section_unsaved(submission=submission, section=section)
        form = form_class(data=unsaved, instance=submission) if unsaved is not None else form_class(instance=submission)
        if unsaved is not None:
            form.is_valid()  # show the messages next to the fields again
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = submission_context(request, submission, section.key)
    # The reviewers' notes on this section: on a question next to it, the others at the top.
    question_notes, section_notes = {}, []
    for note in context["revision_notes"]:
        if note.section != section.key:
            continue
        if note.field in form.fields:
            question_notes.setdefault(note.field, []).append(note)
        else:
            section_notes.append(note)
    context.update(
        {
            "form": form,
            "form_rows": [(form[name], question_notes.get(name, [])) for name in form.fields],
            "section_notes": section_notes,
            "question_notes": [note for notes in question_notes.values() for note in notes],
            "note_total": len(section_notes) + sum(len(notes) for notes in question_notes.values()),
            "section": section,
            "saved_at": submission.updated_at,
            "autosave_seconds": settings.AUTOSAVE_SECONDS,
        }
    )
    # The automatic pre-review of the answers as stored (a refused POST left its input on the instance).
    context.update(prereview_context(submission if request.method != "POST" else Submission.objects.get(pk=pk)))
    return render(request, "submissions/section.html", context, status=status)


@require_POST
def section_autosave(request, pk, key):
    """The page saves itself every ~30 s. Answers JSON; 401 when the session has expired so the
    page keeps the input in the browser and asks the user to log in again."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"ok": False, "message": _("Your session has ended. Log in again; your input is kept in this browser.")},
            status=401,
        )
    submission = submission_for(request, pk)
    section = _section_or_404(submission, key)
    if not request.user.has_perm("submissions.change_submission", submission):
        return JsonResponse({"ok": False, "message": _("This submission can no longer be changed.")}, status=403)
    form = section_save(submission=submission, section=section, data=request.POST, actor=request.user)
    # All of it: a refused save left its input on the instance, and the pre-review reads the answers as stored.
    submission.refresh_from_db()
    now = timezone.localtime()
    if form.is_valid():
        message = _("Draft saved at %(time)s.")
    else:
        message = _("Draft kept at %(time)s; some answers need attention.")
    return JsonResponse(
        {
            "ok": form.is_valid(),
            # The same string the page renders, so the browser knows which version it holds.
            "saved_at": submission.updated_at.isoformat(),
            "message": message % {"time": zoned_text(now, "H:i")},  # in the office's zone, labelled
            "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
            # The section page's pre-review slots as the page would now show them (static/js/prereview.js).
            "prereview": section_slots(prereview_results(submission), section.key, form.fields),
        }
    )


@login_required
def submission_overview(request, pk):
    submission = submission_for(request, pk)
    context = submission_context(request, submission, "overview")
    # Once the letter is issued the page leads with its decision and the letter (layak / tidak layak).
    decision = submission_issued_decision(submission)
    context.update(
        {
            "decision": decision,
            "decision_label": State(decision).label if decision else "",
            "can_delete": request.user.has_perm("submissions.delete_submission", submission),
            "summary": summary(context["statuses"]),
            "complete": not missing_count(context["statuses"]),
            "route": submission_route(submission=submission) if submission.is_editable else submission.office,
            "can_submit": request.user.has_perm("submissions.submit_submission", submission),
            "can_withdraw": request.user.has_perm("submissions.withdraw_submission", submission),
            "withdrawal": submission_withdrawal(submission),
            "closure": submission.transitions.filter(to_state=State.CLOSED).first()
            if submission.state == State.CLOSED
            else None,
            "can_restart": restart_refusal(submission=submission, user=request.user) is None,
            "State": State,
        }
    )
    return render(request, "submissions/overview.html", context)


@login_required
@require_POST
def submission_send(request, pk):
    submission = submission_for(request, pk, perm="submissions.view_submission")
    refusal = submit_refusal(submission=submission, user=request.user)
    if refusal:
        refusal_show(request, refusal)
        return redirect("submissions:overview", pk=submission.pk)
    if not submission.is_editable:  # submitted meanwhile (another tab, a colleague): a no-op
        messages.info(request, _("This submission was already submitted; nothing changed."))
        return redirect("submissions:overview", pk=submission.pk)
    try:
        submission, changed = submission_submit_once(submission=submission, actor=request.user)
    except ValidationError as error:
        refusal_show(request, error)
        return redirect("submissions:overview", pk=submission.pk)
    if not changed:  # a concurrent repeat submitted it first
        messages.info(request, _("This submission was already submitted; nothing changed."))
        return redirect("submissions:overview", pk=submission.pk)
    if submission.round > 1:  # a revision: straight back with its reviewers
        messages.success(
            request,
            _(
                "Revision submitted: round %(round)s of %(number)s is back with its reviewers at %(office)s, and "
                "the service time runs again. You will be told by e-mail about every step."
            )
            % {"round": submission.round, "number": submission.number, "office": submission.office.name},
        )
        return redirect("submissions:overview", pk=submission.pk)
    messages.success(
        request,
        _("Submitted as number %(number)s to %(office)s. You will be told by e-mail about every step.")
        % {"number": submission.number, "office": submission.office.name},
    )
    return redirect("submissions:overview", pk=submission.pk)


@login_required
def submission_withdraw_page(request, pk):
    """Tarik kembali: a confirmation page with the reason, then the transition (a repeated click changes nothing)."""
    submission = submission_for(request, pk, perm="submissions.view_submission")
    if withdrawn_already(submission):
        messages.info(request, _("This submission was already withdrawn; nothing changed."))
        return redirect("submissions:overview", pk=submission.pk)
    refusal = withdraw_refusal(submission=submission, user=request.user)
    if refusal:
        refusal_show(request, refusal)
        return redirect("submissions:overview", pk=submission.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission, changed = submission_withdraw_once(
                submission=submission, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_refuse(form, error)
        else:
            if not changed:  # a concurrent repeat withdrew it first
                messages.info(request, _("This submission was already withdrawn; nothing changed."))
                return redirect("submissions:overview", pk=submission.pk)
            messages.success(
                request,
                _("Submission %(number)s has been withdrawn. %(office)s has been told.")
                % {"number": submission.number, "office": submission.office.name},
            )
            return redirect("submissions:overview", pk=submission.pk)
    context = submission_context(request, submission, "overview")
    context["form"] = form
    return render(request, "submissions/withdraw.html", context)


@login_required
def submission_delete_page(request, pk):
    """Hapus draf: a confirmation page (no JavaScript needed) whose button posts `confirm`, then the draft is gone;
    a POST without it only asks again. A repeated click finds it deleted already and says so."""
    if request.method == "POST" and not Submission.objects.filter(pk=pk).exists():
        messages.info(request, _("This draft was already deleted; nothing changed."))
        return redirect("submissions:list")
    submission = submission_for(request, pk)
    refusal = delete_refusal(submission=submission, user=request.user)
    if refusal:
        refusal_show(request, refusal)
        return redirect("submissions:overview", pk=submission.pk)
    status = 200
    if request.method == "POST" and request.POST.get("confirm") != "1":
        status = 400  # not the confirmation page's button: ask again, delete nothing
    elif request.method == "POST":
        try:
            submission_delete_draft(submission=submission, actor=request.user)
        except PermissionDenied as error:  # submitted by a colleague meanwhile
            refusal_show(request, error)
            return redirect("submissions:overview", pk=submission.pk)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": submission})
        return redirect("submissions:list")
    context = submission_context(request, submission, "overview")
    return render(request, "submissions/delete.html", context, status=status)


urlpatterns = [
    path("pengajuan/", submission_list, name="list"),
    path("pengajuan/baru/", submission_new, name="new"),
    path("pengajuan/<int:pk>/", submission_overview, name="overview"),
    path("pengajuan/<int:pk>/ajukan/", submission_send, name="submit"),
    path("pengajuan/<int:pk>/tarik/", submission_withdraw_page, name="withdraw"),
    path("pengajuan/<int:pk>/hapus/", submission_delete_page, name="delete"),
    path("pengajuan/<int:pk>/bagian/<str:key>/", section_edit, name="section"),
    path("pengajuan/<int:pk>/bagian/<str:key>/simpan-otomatis/", section_autosave, name="autosave"),
]
