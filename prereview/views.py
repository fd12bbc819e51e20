"""The catalogue's page for an office admin of BPS RI (prereview.manage_rules): the rules, each switched on or
off, reworded, its threshold changed; a new rule of a built-in kind. The Django admin edits the same table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import RuleAddForm, RuleForm
from .models import Rule
from .services import rule_save


def _allowed(request):
    if not request.user.has_perm("prereview.manage_rules"):
        raise PermissionDenied


@login_required
@never_cache
def rule_list(request):
    _allowed(request)
    return render(request, "prereview/rules.html", {"rules": Rule.objects.all()})


@login_required
@never_cache
def rule_edit(request, pk=None):
    _allowed(request)
    rule = get_object_or_404(Rule, pk=pk) if pk is not None else None
    form_class = RuleForm if rule else RuleAddForm
    form = form_class(request.POST or None, instance=rule)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = rule_save(form=form, actor=request.user)
            messages.success(request, _("The rule “%(rule)s” is saved.") % {"rule": saved.title})
            return redirect("prereview:rules")
        status = 400
    return render(request, "prereview/rule_form.html", {"form": form, "rule": rule}, status=status)


app_name = "prereview"
urlpatterns = [
    path("", rule_list, name="rules"),
    path("tambah/", rule_edit, name="rule_add"),
    path("<int:pk>/", rule_edit, name="rule_edit"),
]
