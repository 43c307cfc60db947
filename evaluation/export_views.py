"""The evaluation step's downloads: the list as xlsx (exactly the list page's filters and scope) and one
evaluation's PDF scorecard (404 outside the user's reach, as its page)."""

import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from wuse.access import api as access
from wuse.core.params import region_from_query
from wuse.spreadsheets import xlsx_response

from . import exports, selectors
from .forms import EvaluationFilterForm
from .models import Evaluation

CURSORS = ("after", "before")  # the list's page position: not a filter
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\"]")


def _unit_name(user, region) -> str:
    """The unit named in the file: the drill-down's, else the user's own (their first unit)."""
    if region is not None:
        return region.name
    rows = access.membership_rows(user)
    return rows[0].region.name if rows else ""


@login_required
@require_GET
def evaluation_export(request):
    if not access.has_action(request.user, "evaluation.view", model=Evaluation):
        raise PermissionDenied
    region = region_from_query(request)
    form = EvaluationFilterForm(request.GET or None)
    evaluations = exports.scoped(selectors.evaluations_filtered(form.filters()),
                                 selectors.list_scope(request.user, region))
    try:
        export = exports.export_evaluations(user=request.user, evaluations=evaluations,
                                            unit_name=_unit_name(request.user, region))
    except exports.ExportTooLarge as exc:
        messages.error(request, str(exc))
        query = request.GET.copy()
        for key in CURSORS:
            query.pop(key, None)
        return redirect(f"{reverse('evaluation:list')}?{query.urlencode()}" if query else reverse("evaluation:list"))
    return xlsx_response(export.filename, export.sheets)


def pdf_disposition(filename: str, fallback: str) -> str:
    """``inline`` with an ASCII fallback and the UTF-8 name (RFC 5987), so that a Chinese name survives."""
    name = _UNSAFE.sub("", filename).strip(" .") or fallback
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
@require_GET
def scorecard_pdf(request, pk: int):
    evaluation = access.get_for_user(request.user, Evaluation.objects.for_table().select_related(
        "project__undertaker"), pk=pk)
    pdf = exports.scorecard_pdf(user=request.user, evaluation=evaluation)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = pdf_disposition(pdf.filename, f"scorecard-{evaluation.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
