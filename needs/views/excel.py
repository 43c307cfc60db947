"""Excel import and export of needs: the template, upload → report → confirmation, and the export.

Parse, authorize through the access layer, call one service in ``needs.excel``, render. The upload
waits server-side between the report and the confirmation (``excel.pending_*``); the session only
says which file and which rows were checked, so nothing the browser posts is trusted as data. A
confirmation of more than ``excel.jobs.SYNC_LIMIT`` rows runs as a background job (``wuse.jobs``),
whose page follows it. URL names are looked up in the namespace the views are mounted in (``needs``
in the project).
"""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.params import region_from_query
from wuse.jobs.services import job_start
from wuse.spreadsheets import SpreadsheetError, template_xlsx, xlsx_response
from wuse.spreadsheets.export import XLSX_CONTENT_TYPE, content_disposition

from .. import excel, selectors
from ..excel import jobs as excel_jobs
from ..forms import NeedFilterForm

SESSION_KEY = "needs_excel_import"
SHOWN_ERROR_ROWS = 1000  # bad rows listed on the report; the rest are counted
SHOWN_WARNINGS = 200
UPLOAD_OVERHEAD = 64 * 1024  # the multipart envelope around the file


def _too_large() -> str:
    return _("The file is larger than %(limit)s MB.") % {"limit": excel.MAX_BYTES // 2**20}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > excel.MAX_BYTES:
            raise forms.ValidationError(_too_large())
        return upload


def _namespace(request) -> str:
    return request.resolver_match.namespace if request.resolver_match else "needs"


def _urls(request) -> dict[str, str]:
    namespace = _namespace(request)

    def url(name: str) -> str:
        return reverse(f"{namespace}:{name}")

    return {"import": url("import"), "template": url("import_template"), "confirm": url("import_confirm"),
            "list": reverse("needs:list")}


def _communities(user):
    communities = selectors.communities_for_create(user)
    if not access.has_action(user, "need.create") or not communities.exists():
        raise PermissionDenied
    return communities


@login_required
@require_GET
def need_import_template(request):
    _communities(request.user)
    buffer = io.BytesIO()
    template_xlsx(buffer, sheet_name=excel.SHEET_NAME, columns=excel.template_columns(request.user))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(excel.TEMPLATE_FILENAME)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _upload_page(request, form, communities, status=200):
    return render(request, "needs/excel/import.html", {
        "form": form,
        "communities": list(communities.order_by("code")[:excel.NOTED_COMMUNITIES + 1]),
        "shown_communities": excel.NOTED_COMMUNITIES,
        "max_rows": excel.MAX_ROWS,
        "max_mb": excel.MAX_BYTES // 2**20,
        "urls": _urls(request),
    }, status=status)


def _report_page(request, report, *, pending=None, failure=None, status=200):
    rows = report.errors_by_row()
    return render(request, "needs/excel/report.html", {
        "report": report,
        "error_rows": rows[:SHOWN_ERROR_ROWS],
        "more_error_rows": max(len(rows) - SHOWN_ERROR_ROWS, 0),
        "warnings": report.warnings[:SHOWN_WARNINGS],
        "more_warnings": max(len(report.warnings) - SHOWN_WARNINGS, 0),
        "preview": report.preview(),
        "pending": pending,
        "failure": failure,
        "urls": _urls(request),
    }, status=status)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _forget(request) -> None:
    excel.pending_delete(excel.Pending.from_dict(request.session.pop(SESSION_KEY, None)))


@login_required
def need_import(request):
    """GET: the upload form. POST: check the file, keep it, show the report; nothing is saved yet."""
    communities = _communities(request.user)
    if request.method != "POST":
        return _upload_page(request, UploadForm(), communities)
    if _declared_length(request) > excel.MAX_BYTES + UPLOAD_OVERHEAD:  # refused before the body is read
        form = UploadForm()
        form.add_error(None, _too_large())
        return _upload_page(request, form, communities, status=413)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, communities, status=400)
    data = form.cleaned_data["file"].read(excel.MAX_BYTES + 1)
    try:
        report = excel.check_upload(request.user, data)
    except SpreadsheetError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, form, communities, status=400)
    _forget(request)  # one import waits per session; a new upload replaces it
    pending = None
    if report.valid:
        pending = excel.pending_save(user=request.user, data=data, report=report)
        request.session[SESSION_KEY] = pending.as_dict()
    return _report_page(request, report, pending=pending)


@login_required
@require_POST
def need_import_confirm(request):
    """Import the rows the report showed as valid, all in one transaction, or none."""
    _communities(request.user)
    pending = excel.Pending.from_dict(request.session.get(SESSION_KEY))
    try:
        if pending is None:
            raise excel.PendingGone
        data = excel.pending_read(user=request.user, pending=pending, token=request.POST.get("token", ""))
        report = excel.check_upload(request.user, data)
    except (excel.PendingGone, SpreadsheetError):
        _forget(request)
        messages.error(request, str(excel.PendingGone()))
        return redirect(_urls(request)["import"])
    if report.fingerprint != pending.fingerprint:
        changed = None
        if report.valid:
            changed = excel.Pending(**{**pending.as_dict(), "fingerprint": report.fingerprint,
                                       "count": len(report.valid)})
            request.session[SESSION_KEY] = changed.as_dict()
        else:
            _forget(request)
        messages.warning(request, _("Something changed since the check (a category, or the communities you may "
                                    "register needs for). Nothing was imported; review the report and confirm "
                                    "again."))
        return _report_page(request, report, pending=changed, status=409)
    if len(report.valid) > excel_jobs.SYNC_LIMIT:
        job = job_start(user=request.user, kind=excel_jobs.KIND, params=excel_jobs.job_params(pending),
                        total=pending.count)
        request.session.pop(SESSION_KEY, None)  # the job owns the waiting file now
        return redirect("jobs:detail", pk=job.pk)
    try:
        count = excel.import_rows(user=request.user, report=report)
    except excel.ImportFailed as exc:
        _forget(request)
        return _report_page(request, report, failure=exc.problem, status=409)
    _forget(request)
    messages.success(request, ngettext("%(count)s need imported.", "%(count)s needs imported.", count)
                     % {"count": count})
    return redirect(_urls(request)["list"])


@login_required
@require_GET
def need_export(request):
    """The list's rows, with the list's filters, as .xlsx; ``full=1`` for unmasked personal data."""
    if not access.has_action(request.user, "need.view"):
        raise PermissionDenied
    region = region_from_query(request)
    query = request.GET.copy()
    full = query.pop("full", [""])[-1] == "1"
    form = NeedFilterForm(query or None)
    needs = selectors.needs_for_user(request.user, form.filters(region))
    try:
        export = excel.export_needs(user=request.user, needs=needs, newest_first=form.newest_first, full=full,
                                    scope_name=excel.scope_name(request.user, region))
    except excel.ExportTooLarge as exc:
        messages.error(request, str(exc))
        for key in ("after", "before"):
            query.pop(key, None)
        return redirect(f"{reverse('needs:list')}?{query.urlencode()}" if query else reverse("needs:list"))
    return xlsx_response(export.filename, [export.sheet])


urlpatterns = [
    path("import/", need_import, name="import"),
    path("import/template/", need_import_template, name="import_template"),
    path("import/confirm/", need_import_confirm, name="import_confirm"),
    path("export/", need_export, name="export"),
]
