"""Social workers (社会工作者 and 专职社区工作者): list with the certified-share KPI, register, edit, detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.registry.people.forms import PersonFields
from wuse.registry.people.services import PersonError, person_reveal

from .. import kpi
from ..apps import NS
from ..errors import SocialWorkerError
from ..forms.organizations import style
from ..forms.workers import WorkerFilterForm, WorkerForm, person_edit_fields
from ..selectors import organizations as selectors
from ..selectors import workers as selectors_workers
from ..services import workers as services_workers

PERSON_FIELDS = PersonFields.PERSON_FIELDS


@login_required
def worker_list(request):
    if not access.has_action(request.user, "social_worker.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = WorkerFilterForm(request.GET or None,
                            units=selectors_workers.filter_units(request.user, include=[region] if region else ()))
    workers = selectors_workers.workers_for_user(request.user, form.filters(region))
    return render(request, "organizations/workers/list.html", {
        "form": form,
        "page": paginate(request, workers),
        "region": region,
        "shares": selectors_workers.certified_share_rows(request.user, region),
        "target": f"{round(kpi.TARGET * 100)} %",
        "can_create": access.has_action(request.user, "social_worker.create"),
    })


def _place_errors(exc: ValidationError, person_form, worker_form) -> None:
    """A service's ValidationError on the form that has the field it names."""
    if not hasattr(exc, "error_dict"):
        worker_form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if field in worker_form.fields:
            worker_form.add_error(field, errors)
        elif field in person_form.fields:
            person_form.add_error(field, errors)
        else:
            worker_form.add_error(None, errors)


@login_required
def worker_create(request):
    user = request.user
    workplaces = selectors_workers.workplaces_for(user)
    homes = selectors_workers.home_communities_for(user)
    if not access.has_action(user, "social_worker.create") or not homes.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    person_form = style(PersonFields(data, regions=homes))
    form = WorkerForm(data, workplaces=workplaces, employers=selectors.employers_for(user))
    if request.method == "POST" and all([person_form.is_valid(), form.is_valid()]):
        try:
            worker = services_workers.social_worker_register(user=user, person=person_form.person_data(),
                                                             data=form.worker_data())
        except ValidationError as exc:
            _place_errors(exc, person_form, form)
        except (PersonError, SocialWorkerError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Social worker registered."))
            return redirect(f"{NS}:worker_detail", pk=worker.pk)
    errors = bool(person_form.errors or form.errors)
    return render(request, "organizations/workers/form.html", {"person_form": person_form, "form": form},
                  status=400 if errors else 200)


@login_required
def worker_edit(request, pk: int):
    user = request.user
    worker = selectors_workers.worker_for_user(user, pk, action="social_worker.change")
    person = worker.person
    homes = selectors_workers.home_communities_for(user, "social_worker.change", include=[person.region])
    workplaces = selectors_workers.workplaces_for(user, "social_worker.change", include=[worker.region])
    options = {"workplaces": workplaces, "employers": selectors.employers_for(user, include=worker.employer),
               "editing": True}
    if request.method == "POST":
        person_form = person_edit_fields(person, request.POST, regions=homes)
        form = WorkerForm(request.POST, **options)
    else:
        person_form = person_edit_fields(person, regions=homes, initial={
            name: getattr(person, name) for name in PERSON_FIELDS if name not in ("phone", "id_number")})
        form = WorkerForm(initial={"workplace": worker.region_id, "employer": worker.employer_id,
                                   "is_community_worker": worker.is_community_worker,
                                   "certificate_level": worker.certificate_level,
                                   "certificate_number": worker.certificate_number,
                                   "certified_year": worker.certified_year, "active": worker.active,
                                   "version": worker.version}, **options)
    context = {"person_form": person_form, "form": form, "worker": worker}
    if request.method == "POST" and all([person_form.is_valid(), form.is_valid()]):
        try:
            services_workers.social_worker_update(user=user, worker=worker, version=form.cleaned_data["version"] or 0,
                                                  person=person_form.person_data(), data=form.worker_data())
        except ValidationError as exc:
            _place_errors(exc, person_form, form)
        except (PersonError, SocialWorkerError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"{NS}:worker_detail", pk=worker.pk)
    errors = bool(person_form.errors or form.errors)
    return render(request, "organizations/workers/form.html", context, status=400 if errors else 200)


def _detail_context(request, worker, **extra) -> dict:
    user = request.user
    employer_visible = worker.employer is not None and access.can(user, "organization.view", worker.employer)
    return {
        "worker": worker,
        "person": worker.person,
        "masked": worker.person.masked,
        "breadcrumbs": breadcrumbs(user, worker.region),
        "links": selectors_workers.worker_links(worker),
        "employer_visible": employer_visible,
        "can": {"change": access.can(user, "social_worker.change", worker),
                "reveal": access.can(user, "person.reveal_pii", worker.person)
                and bool(worker.person.phone or worker.person.id_number)},
        **extra,
    }


@login_required
def worker_detail(request, pk: int):
    worker = selectors_workers.worker_for_user(request.user, pk)
    return render(request, "organizations/workers/detail.html", _detail_context(request, worker))


@login_required
@require_POST
def worker_reveal(request, pk: int):
    """The person's phone and ID number in full, once, for the role allowed (audited)."""
    worker = selectors_workers.worker_for_user(request.user, pk)
    revealed = person_reveal(user=request.user, person=worker.person)
    response = render(request, "organizations/workers/detail.html", _detail_context(request, worker,
                                                                                    revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response
