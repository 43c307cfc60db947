"""Organizations: list, register, edit, detail (with the status timeline), status, contact reveal and
"My organization".

Members and documents are in ``.members``; social workers in ``.workers``. Every fetch goes through
``wuse.access`` (the table plus the organizations' reach: served units and members).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.workflow.models import TransitionLog

from .. import services
from ..apps import NS
from ..forms.organizations import DocumentForm, MemberForm, OrganizationFilterForm, OrganizationForm, StatusForm
from ..models import MemberRole, Organization
from ..selectors import organizations as selectors

DETAIL_ACTIONS = ["organization.change", "organization.set_status", "organization.members",
                  "organization.reveal_pii"]


@login_required
def organization_list(request):
    if not access.has_action(request.user, "organization.view", Organization):
        raise PermissionDenied
    region = region_from_query(request)
    form = OrganizationFilterForm(request.GET or None,
                                  units=selectors.filter_units(request.user, include=[region] if region else ()))
    organizations = selectors.organizations_for_user(request.user, form.filters(region))
    return render(request, "organizations/list.html", {
        "form": form,
        "page": paginate(request, organizations),
        "region": region,
        "can_create": access.has_action(request.user, "organization.create"),
    })


@login_required
def organization_create(request):
    units = selectors.registering_units(request.user)
    if not access.has_action(request.user, "organization.create") or not units.exists():
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, units=units, areas=selectors.service_area_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Organization registered."))
            return redirect(f"{NS}:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form}, status=400 if form.errors else 200)


def _initial(organization) -> dict:
    names = (*services.REGISTRATION_FIELDS, *services.PROFILE_FIELDS)
    return {**{name: getattr(organization, name) for name in names},
            "service_areas": [area.region_id for area in organization.areas.all()],
            "fields": [field.pk for field in organization.fields.all()], "version": organization.version}


@login_required
def organization_edit(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.change")
    registrar = access.can(request.user, "organization.change", organization, with_reach=False)
    options = {"registrar": registrar, "organization": organization}
    if registrar:
        current_areas = list(organization.areas.values_list("region_id", flat=True))
        options.update(units=selectors.registering_units(request.user, include=[organization.region]),
                       areas=selectors.service_area_units(request.user, include=current_areas))
    form = (OrganizationForm(request.POST, **options) if request.method == "POST"
            else OrganizationForm(initial=_initial(organization), **options))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(user=request.user, organization=organization,
                                         version=form.cleaned_data.get("version") or 0, **form.service_kwargs())
        except services.OrganizationConflict as exc:
            form.add_error(None, str(exc))
            return render(request, "organizations/form.html", {"form": form, "organization": organization},
                          status=409)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"{NS}:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form, "organization": organization},
                  status=400 if form.errors else 200)


@login_required
def organization_detail(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk)
    return render(request, "organizations/detail.html", detail_context(request, organization))


def detail_context(request, organization, **extra) -> dict:
    user = request.user
    can = access.can_map(user, organization, DETAIL_ACTIONS)
    members = list(selectors.organization_members(organization))
    is_member = any(m.user_id == user.pk for m in members)
    context = {
        "organization": organization,
        "breadcrumbs": breadcrumbs(user, organization.region),
        "areas": selectors.organization_areas(organization),
        "fields": selectors.organization_fields(organization),
        "members": members if (can["members"] or is_member) else None,
        "documents": selectors.organization_documents(organization),
        "workers": selectors.organization_social_workers(user, organization),
        "can": {**can, "reveal": can["reveal_pii"] and bool(organization.contact_phone)},
        "status_form": StatusForm(current=organization.status, prefix="status") if can["set_status"] else None,
        "member_form": MemberForm(prefix="member") if can["members"] else None,
        "document_form": DocumentForm(prefix="doc") if can["change"] else None,
        "timeline": TransitionLog.objects.timeline(organization),
    }
    return {**context, **extra}


@login_required
@require_POST
def organization_set_status(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.set_status")
    form = StatusForm(request.POST, current=organization.status, prefix="status")
    if form.is_valid():
        try:
            services.organization_set_status(user=request.user, organization=organization, **form.cleaned_data)
        except services.OrganizationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Status changed."))
            return redirect(f"{NS}:detail", pk=organization.pk)
    return render(request, "organizations/detail.html", detail_context(request, organization, status_form=form),
                  status=400)


@login_required
@require_POST
def organization_reveal(request, pk: int):
    """The contact phone in full, once, for the registrars (audited)."""
    organization = selectors.organization_for_user(request.user, pk, action="organization.reveal_pii")
    phone = services.contact_reveal(user=request.user, organization=organization)
    response = render(request, "organizations/detail.html",
                      detail_context(request, organization, revealed_phone=phone))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_organizations(request):
    """The organizations the user is a member of, with a link to edit those they administer."""
    rows = list(selectors.my_memberships(request.user))
    if not rows and not access.has_action(request.user, "organization.own"):
        raise PermissionDenied
    for row in rows:
        row.is_admin = row.role == MemberRole.ADMIN
    return render(request, "organizations/mine.html", {"rows": rows})
