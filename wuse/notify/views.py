"""The reminder pages: the notification centre (通知中心) and its preferences, the rules' settings (提醒规则) and
the send log (发送记录). A notification is its owner's alone (404 for everyone else); the rules page is for those
who hold ``notify.rules`` (the city admin, a district reviewer), the log for the system administrator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.forms import add_errors

from . import selectors, services
from .forms import PreferencesForm, RuleSettingForm
from .models import Notification, SendOutcome
from .rules import RULES


def safe_local_path(url: str) -> bool:
    """Only a path of this site: starting with one "/" (never "//" nor "/\\", which browsers read as another
    host), without a scheme, a host or control characters."""
    if not isinstance(url, str) or not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    return not any(c in url for c in "\\\r\n\t") and all(ord(c) >= 32 for c in url)


def _posted(request):
    """The posted data, even when empty (an empty POST is a bound form with its messages, not the blank page)."""
    return request.POST if request.method == "POST" else None


@login_required
@require_GET
def notification_list(request):
    """通知中心: the user's notifications, newest first, 20 a page; ``?show=unread`` for the unread ones."""
    unread_only = request.GET.get("show") == "unread"
    return render(request, "notify/list.html", {
        "page": selectors.notifications_page(request, unread_only=unread_only), "unread_only": unread_only})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark the notification read and go to the page it is about (only a path of this site)."""
    note = access.get_for_user(request.user, Notification, action=selectors.VIEW, pk=pk)
    services.mark_read(request.user, note)
    if not safe_local_path(note.url):
        messages.error(request, _("This notification's link does not lead to a page of this site."))
        return redirect("notify:list")
    return redirect(note.url)


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notify:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Which reminders the user receives, in the notification centre and by email."""
    initial = selectors.preference_initial(request.user)
    form = PreferencesForm(_posted(request), initial_values=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(request.user, form.to_data())
        except (ValidationError, DomainError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notify:preferences")
    groups = selectors.grouped(form.rows(), key=lambda row: row[0])
    return render(request, "notify/preferences.html", {"form": form, "groups": groups})


def _rules_reader(user):
    if not access.has_action(user, selectors.RULES_ACTION):
        raise PermissionDenied


@login_required
@require_GET
def rule_list(request):
    """提醒规则: every rule with its defaults and the values in force; an edit link where the user may edit."""
    _rules_reader(request.user)
    top = selectors.top_unit()
    unit = selectors.unit_for_edit(request.user, top, request.GET.get("unit", "")[:12] or None)
    units = selectors.editable_units(request.user, top)
    lines = selectors.rule_lines(unit, can_edit=unit is not None)
    return render(request, "notify/rules.html", {
        "groups": selectors.grouped(lines, key=lambda line: line.rule), "unit": unit, "units": units,
        "top": top})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, key: str):
    _rules_reader(request.user)
    rule = RULES.get(key)
    if rule is None:
        raise Http404
    top = selectors.top_unit()
    unit = selectors.unit_for_edit(request.user, top, request.GET.get("unit", "")[:12] or None)
    if unit is None:
        raise PermissionDenied
    form = RuleSettingForm(_posted(request), rule=rule, initial=selectors.setting_initial(rule, unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_setting(request.user, rule.key, unit.region, **form.values())
        except (ValidationError, DomainError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The setting of “%(rule)s” is saved.") % {"rule": rule.label})
            return redirect(f"{reverse('notify:rules')}?unit={unit.region.code}")
    line = next(x for x in selectors.rule_lines(unit, can_edit=True) if x.rule.key == rule.key)
    return render(request, "notify/rule_edit.html", {"form": form, "rule": rule, "unit": unit, "line": line})


@login_required
@require_GET
def send_log(request):
    """发送记录: every attempt and its outcome, newest first, for the system administrator."""
    if not access.has_action(request.user, selectors.LOG_ACTION):
        raise PermissionDenied
    outcome = request.GET.get("outcome", "")[:20]
    channel = request.GET.get("channel", "")[:20]
    return render(request, "notify/log.html", {
        "page": selectors.send_log_page(request, outcome=outcome, channel=channel),
        "outcome": outcome, "channel": channel, "outcomes": SendOutcome.choices,
        "channels": [("email", _("Email")), ("-", _("In-app or not sent"))]})
