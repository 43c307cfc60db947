"""The results of a campaign as an xlsx workbook (the summary and every response the user may see)."""

from django.contrib.auth.decorators import login_required

from wuse.spreadsheets import xlsx_response

from .. import selectors, services
from .responses import unit_filter


@login_required
def campaign_export(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.export")
    unit = unit_filter(request, campaign)
    export = services.export_results(user=request.user, campaign=campaign, unit=unit)
    return xlsx_response(export.filename, export.sheets)
