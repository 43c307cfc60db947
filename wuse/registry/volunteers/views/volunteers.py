"""Volunteers: the list, registration, the volunteer record (民政部令第67号) and its parts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.registry.people.services import person_reveal

from .. import selectors, services
from ..certificate import PUBLICITY_DAYS
from ..forms import CertificateForm, RecordNoteForm, VolunteerEditForm, VolunteerFilterForm, VolunteerForm
from ..models import ServiceEntry, VolunteerTeam

DETAIL_ACTIONS = ["volunteer.change", "volunteer_certificate.issue"]
ENTRIES_PER_PAGE = 20


@login_required
def volunteer_list(request):
    if not access.has_action(request.user, "volunteer.view"):
        raise PermissionDenied
    teams = selectors.teams_for_user(request.user)
    form = VolunteerFilterForm(request.GET or None, teams=teams)
    volunteers = selectors.volunteers_for_user(request.user, form.filters())
    return render(request, "volunteers/list.html", {
        "form": form,
        "page": paginate(request, volunteers),
        "can_create": access.has_action(request.user, "volunteer.create"),
    })


@login_required
def volunteer_create(request):
    communities = selectors.communities_for(request.user, "volunteer.create")
    if not communities.exists():
        raise PermissionDenied
    form = VolunteerForm(request.POST or None, regions=communities)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_register(user=request.user, data=form.person_data(),
                                                    skills=form.cleaned_data["skills"],
                                                    availability=form.cleaned_data["availability"])
        except services.VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Volunteer %(number)s registered.") % {"number": volunteer.number})
            return redirect("registry:volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/form.html", {"form": form})


def _get(request, pk: int, action: str | None = None):
    return access.get_for_user(request.user, selectors.volunteers_for_detail(), pk=pk, action=action)


def _openable(user, model, pks) -> set:
    """The keys among ``pks`` of the rows the user may open (their view action): one query for a whole page,
    so a page links only what opens for the viewer and shows the rest as plain text."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return set()
    rows = access.scoped(user, access.view_action(model), model._default_manager.filter(pk__in=pks))
    return set(rows.values_list("pk", flat=True))


def record_context(request, volunteer, **extra) -> dict:
    """The volunteer record: basics (masked), hours and services, notes, teams, certificates, balances.

    A service given at another community (a sibling's) or a team of another unit is listed but linked only
    when the viewer may open it."""
    person = volunteer.person
    can = access.can_map(request.user, volunteer, DETAIL_ACTIONS)
    can["reveal"] = access.can(request.user, "person.reveal_pii", person)
    can["record"] = access.has_action(request.user, "service_entry.create")
    entries = paginate(request, selectors.volunteer_entries(volunteer), per_page=ENTRIES_PER_PAGE)
    memberships = list(selectors.volunteer_teams(volunteer))
    context = {
        "volunteer": volunteer,
        "person": person,
        "masked": person.masked,
        "hours": selectors.hours_summary(volunteer),
        "entries": entries,
        "openable_entries": _openable(request.user, ServiceEntry, [entry.pk for entry in entries]),
        "notes": list(selectors.volunteer_notes(volunteer)),
        "memberships": memberships,
        "openable_teams": _openable(request.user, VolunteerTeam, [m.team_id for m in memberships]),
        "certificates": list(selectors.volunteer_certificates(volunteer)),
        "balances": selectors.balances(person),
        "publicity_days": PUBLICITY_DAYS,
        "can": can,
        "breadcrumbs": breadcrumbs(request.user, volunteer.region),
    }
    if can["change"] and "note_form" not in extra:
        context["note_form"] = RecordNoteForm(prefix="note")
    if can["issue"] and "certificate_form" not in extra:
        context["certificate_form"] = CertificateForm(prefix="cert")
    return {**context, **extra}


@login_required
def volunteer_detail(request, pk: int):
    volunteer = _get(request, pk)
    return render(request, "volunteers/detail.html", record_context(request, volunteer))


@login_required
@require_POST
def volunteer_reveal(request, pk: int):
    """The person's phone and ID number in full, once, for the community serving them (audited)."""
    volunteer = _get(request, pk)
    revealed = person_reveal(user=request.user, person=volunteer.person)
    response = render(request, "volunteers/detail.html", record_context(request, volunteer, revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def volunteer_edit(request, pk: int):
    volunteer = _get(request, pk, action="volunteer.change")
    form = VolunteerEditForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(user=request.user, volunteer=volunteer, skills=form.cleaned_data["skills"],
                                      availability=form.cleaned_data["availability"],
                                      active=form.cleaned_data["active"])
        except services.VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/edit.html", {"form": form, "volunteer": volunteer})


@login_required
@require_POST
def note_add(request, pk: int):
    volunteer = _get(request, pk, action="volunteer.change")
    form = RecordNoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.record_note_add(user=request.user, volunteer=volunteer, **form.cleaned_data)
        except services.VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Added to the volunteer record."))
            return redirect(reverse("registry:volunteers:detail", args=[volunteer.pk]) + "#notes")
    return render(request, "volunteers/detail.html", record_context(request, volunteer, note_form=form), status=400)
