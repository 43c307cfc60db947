"""The projects' xlsx exports: the list with exactly the list page's filters and scope, and one project's full
record (404 for a project outside the user's reach, as its page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from projects import selectors
from projects.forms import ProjectFilterForm
from projects.models import Project
from wuse.access import api as access
from wuse.core.params import region_from_query
from wuse.spreadsheets import xlsx_response

from . import exports

CURSORS = ("after", "before")  # the list's page position: not a filter


@login_required
@require_GET
def project_export(request):
    if not access.has_action(request.user, "project.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = ProjectFilterForm(request.GET or None, undertakers=selectors.undertaker_choices(request.user))
    projects = selectors.projects_for_user(request.user, form.filters(region))
    try:
        export = exports.export_projects(user=request.user, projects=projects,
                                         scope_name=region.name if region else "")
    except exports.ExportTooLarge as exc:
        messages.error(request, str(exc))
        query = request.GET.copy()
        for key in CURSORS:
            query.pop(key, None)
        return redirect(f"{reverse('projects:list')}?{query.urlencode()}" if query else reverse("projects:list"))
    return xlsx_response(export.filename, export.sheets)


@login_required
@require_GET
def project_export_one(request, pk: int):
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    export = exports.export_project(user=request.user, project=project)
    return xlsx_response(export.filename, export.sheets)
