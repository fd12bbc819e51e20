"""The office side: the handlers' queue with response-time targets and overdue flags, and one complaint's page
with its full log, the reply form, the status change and the kind.

Only the handlers of that office (complaints.rules) open these pages; everyone else signed in gets 404, so
the pages do not even tell that the office has complaints. Every action is a POST that calls one service;
refusals become messages next to the field or at the top, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from romantik.models import Office
from romantik.refusals import form_refuse

from .. import sla
from ..enums import Kind, Status
from ..forms import EVERY, OPEN, KindForm, QueueFilterForm, ReplyForm, StatusForm, TrackingLinkForm
from ..rules import may
from ..selectors import complaint_events, complaint_of_office, complaint_queue, overdue, queue_rows
from ..services import complaint_reply, complaint_set_kind, complaint_set_status, complaint_tracking_link_send
from .common import attachment_response

PAGE_SIZE = 50
PAGE_PARAM = "halaman"


def _office_for_handler(request, code) -> Office:
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not may(request.user, "complaints.handle_office_complaints", office):
        raise Http404
    return office


def _complaint_for_handler(request, code, pk):
    office = _office_for_handler(request, code)
    complaint = complaint_of_office(office, pk)
    if complaint is None:
        raise Http404
    return office, complaint


@login_required
def queue(request, code):
    office = _office_for_handler(request, code)
    today = sla.office_date(office)
    form = QueueFilterForm(request.GET or None)
    complaints = complaint_queue(office)
    filters = form.cleaned_data if form.is_valid() else {"status": OPEN, "kategori": "", "terlambat": False}
    if filters["status"] == OPEN:
        complaints = complaints.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS])
    elif filters["status"] != EVERY:
        complaints = complaints.filter(status=filters["status"])
    if filters["kategori"]:
        complaints = complaints.filter(category=filters["kategori"])
    if filters["terlambat"]:
        complaints = complaints.filter(overdue(today))
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return render(
        request,
        "complaints/queue.html",
        {
            "office": office,
            "form": form if form.is_bound else QueueFilterForm(),
            "page": page,
            "rows": queue_rows(page.object_list, today=today, tz=sla.office_tz(office)),
            "today": today,
            "querystring": query.urlencode(),
            "page_param": PAGE_PARAM,
        },
    )


def _detail_page(
    request, office, complaint, *, reply_form=None, status_form=None, kind_form=None, link_form=None, status=200
):
    today = sla.office_date(office)
    return render(
        request,
        "complaints/detail.html",
        {
            "office": office,
            "complaint": complaint,
            "row": queue_rows([complaint], today=today, tz=sla.office_tz(office))[0],
            "events": complaint_events(complaint, public_only=False),
            "reply_form": reply_form or ReplyForm(),
            "status_form": status_form or StatusForm(status=complaint.status),
            "kind_form": kind_form or KindForm(initial={"kind": complaint.kind}),
            "link_form": link_form or TrackingLinkForm(),
            "can_view_submission": complaint.submission is not None
            and request.user.has_perm("submissions.view_submission", complaint.submission),
            "Kind": Kind,
        },
        status=status,
    )


@login_required
def detail(request, code, pk):
    office, complaint = _complaint_for_handler(request, code, pk)
    return _detail_page(request, office, complaint)


@login_required
@require_POST
def reply(request, code, pk):
    office, complaint = _complaint_for_handler(request, code, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            _event, created = complaint_reply(
                complaint=complaint, actor=request.user, text=form.cleaned_data["text"], public=form.public
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_refuse(form, error)
        else:
            if not created:
                messages.info(request, _("This text was already saved; nothing changed."))
            elif form.public:
                messages.success(request, _("The reply was sent to the complainant."))
            else:
                messages.success(request, _("The internal note was saved."))
            return redirect("complaints:detail", code=office.code, pk=complaint.pk)
    return _detail_page(request, office, complaint, reply_form=form, status=400)


@login_required
@require_POST
def set_status(request, code, pk):
    office, complaint = _complaint_for_handler(request, code, pk)
    form = StatusForm(request.POST, status=complaint.status)
    if form.is_valid():
        try:
            complaint, event = complaint_set_status(
                complaint=complaint, actor=request.user, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_refuse(form, error)
        else:
            if event is None:
                messages.info(request, _("The complaint already had this status; nothing changed."))
            else:
                messages.success(
                    request,
                    _("The status is now %(status)s; the complainant is told by e-mail.")
                    % {"status": complaint.get_status_display()},
                )
            return redirect("complaints:detail", code=office.code, pk=complaint.pk)
    return _detail_page(request, office, complaint, status_form=form, status=400)


@login_required
@require_POST
def set_kind(request, code, pk):
    office, complaint = _complaint_for_handler(request, code, pk)
    form = KindForm(request.POST)
    if form.is_valid():
        try:
            complaint, event = complaint_set_kind(
                complaint=complaint, actor=request.user, kind=form.cleaned_data["kind"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_refuse(form, error)
        else:
            if event is None:
                messages.info(request, _("The complaint already was of this kind; nothing changed."))
            else:
                messages.success(
                    request,
                    _("Resolution is now due on %(date)s.") % {"date": date_format(complaint.resolution_due, "j F Y")},
                )
            return redirect("complaints:detail", code=office.code, pk=complaint.pk)
    return _detail_page(request, office, complaint, kind_form=form, status=400)


@login_required
@require_POST
def send_link(request, code, pk):
    """A new tracking link to the complainant's contact address (lost link, or filed before tracking keys)."""
    office, complaint = _complaint_for_handler(request, code, pk)
    form = TrackingLinkForm(request.POST)
    if form.is_valid():
        try:
            complaint, _event = complaint_tracking_link_send(complaint=complaint, actor=request.user)
        except PermissionDenied:
            raise Http404 from None
        messages.success(
            request,
            _("A new tracking link was sent to %(email)s; the previous link no longer works.")
            % {"email": complaint.contact_email},
        )
        return redirect("complaints:detail", code=office.code, pk=complaint.pk)
    return _detail_page(request, office, complaint, link_form=form, status=400)


@login_required
def attachment(request, code, pk):
    _office, complaint = _complaint_for_handler(request, code, pk)
    return attachment_response(complaint)


urlpatterns = [
    path("kantor/<str:code>/pengaduan/", queue, name="queue"),
    path("kantor/<str:code>/pengaduan/<int:pk>/", detail, name="detail"),
    path("kantor/<str:code>/pengaduan/<int:pk>/balas/", reply, name="reply"),
    path("kantor/<str:code>/pengaduan/<int:pk>/status/", set_status, name="status"),
    path("kantor/<str:code>/pengaduan/<int:pk>/jenis/", set_kind, name="kind"),
    path("kantor/<str:code>/pengaduan/<int:pk>/tautan-lacak/", send_link, name="send_link"),
    path("kantor/<str:code>/pengaduan/<int:pk>/lampiran/", attachment, name="office_attachment"),
]
