"""The need's pages: the list, "waiting for me", registering and editing, the detail page and its small
forms (transitions, merge, support, follow-up, reveal, photos)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.files import private_file_response
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.privacy.masking import mask_names
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError, transition_options

from .. import counts, selectors, services
from ..forms import FollowUpForm, MergeForm, NeedEditForm, NeedFilterForm, NeedForm, SupportForm, TransitionForm
from ..models import Need, NeedCategory, NeedPhoto
from ..photos import need_photo_add, need_photo_remove
from ..rows import category_chips, count_chips, table_html, table_rows
from ..workflow import NEED_PROCESS


@login_required
def need_list(request):
    """The needs register: a keyset page read unit by unit (``list_scope``), the counts per state and category
    from the summary (``needs.counts``), never from grouping the needs."""
    if not access.has_action(request.user, "need.view"):
        raise PermissionDenied
    region = region_from_query(request)
    categories = NeedCategory.objects.cached()
    form = NeedFilterForm(request.GET or None, categories=categories)
    filters = form.filters(region)
    scope = selectors.list_scope(request.user, region)
    summary = counts.counts_for(scope)
    code = region.code if region else ""
    status_counts = counts.status_counts(summary)
    category_counts = counts.category_counts(summary, categories)
    page = keyset_page(request, selectors.needs_filtered(request.user, filters), scope=scope,
                       newest_first=form.newest_first, total=selectors.total_from(summary, filters),
                       count_key=counts.filtered_count_key(scope, filters), rows_from=Need.objects.for_table(),
                       by_unit=not filters.q)  # a search reads its trigram index over the whole scope
    return render(request, "needs/list.html", {
        "form": form,
        "page": page,
        "table": table_html(table_rows(page)),
        "counts": status_counts,
        "category_counts": category_counts,
        "count_chips": count_chips(status_counts, form.data.get("status", ""), code),
        "category_chips": category_chips(category_counts, code),
        "counts_as_of": summary.as_of,
        "region": region,
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "need.create"),
        "can_export_full": access.has_action(request.user, "need.reveal_pii"),
    })


@login_required
def need_waiting(request):
    if not access.has_action(request.user, "need.view"):
        raise PermissionDenied
    page = keyset_page(request, selectors.waiting_for(request.user), field="created_at", newest_first=False)
    return render(request, "needs/waiting.html", {"page": page, "table": table_html(table_rows(page))})


@login_required
def need_detail(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk)
    return render(request, "needs/detail.html", _detail_context(request, need))


def _detail_context(request, need, **extra):
    can = access.can_map(request.user, need, ["need.change", "need.support", "need.merge", "need.follow_up",
                                              "need.reveal_pii", "need.view_sensitive"])
    return {
        "need": need,
        "breadcrumbs": breadcrumbs(request.user, need.community),
        "transitions": transition_options(NEED_PROCESS, need, request.user),
        # A listed need is taken up by the projects step; say so where the page offers only "resolve directly".
        "transitions_note": _("A listed need becomes (part of) a service project in the projects step; until then "
                              "it can only be resolved directly here.")
        if NEED_PROCESS.allows("to_project", need) else "",
        "timeline": TransitionLog.objects.timeline(need),
        "supports": _supports_masked(need),
        "merged_needs": need.merged_needs.only("id", "title", "support_count", "merged_into"),
        "need_meetings": _meetings_for_need(request.user, need),
        "photos": need.photos.only("id", "need_id", "original_name", "uploaded_at"),
        "merge_candidates": selectors.likely_duplicates(
            community=need.community_id, category=need.category_id, title=need.title, location=need.location,
            exclude=need.pk) if can["merge"] and NEED_PROCESS.allows("merge", need) else [],
        "can": {**can, "follow_up": can["follow_up"] and NEED_PROCESS.allows("follow_up", need),
                "reveal": (can["reveal_pii"] and not need.proposer_anonymous
                           and bool(need.proposer_name or need.proposer_phone or need.proposer_id_number))
                or (can["view_sensitive"] and need.has_sensitive),
                "support": can["support"] and need.takes_support},
        "transition_form": TransitionForm(),
        "support_form": SupportForm(),
        "follow_up_form": FollowUpForm(),
        **extra,
    }


def _supports_masked(need) -> list[dict]:
    """The recorded support, the residents' names masked like the proposer's (``张*、李*``). The count on the
    page also holds the proposer's own backing (a need starts at 1) and what merged needs brought: the
    card lists those apart."""
    return [{"added_at": s.added_at, "residents": s.residents, "note": s.note,
             "names": mask_names(s.names)}
            for s in need.supports.only("id", "need_id", "added_at", "residents", "names", "note")]


def _meetings_for_need(user, need):
    from needs.meetings.selectors import meetings_for_need  # the sub-app depends on needs, not the reverse

    return meetings_for_need(user, need)


@login_required
def need_create(request):
    communities = selectors.communities_for_create(request.user)
    if not communities.exists():
        raise PermissionDenied
    form = NeedForm(request.POST or None, communities=communities,
                    assignees=selectors.assignees_for(communities))
    duplicates = []
    if request.method == "POST" and request.POST.get("support_for"):
        return _add_as_support(request)
    if request.method == "POST" and form.is_valid():
        data = form.need_fields()
        duplicates = selectors.likely_duplicates(
            community=data["community"], category=data["category"].code, title=data["title"],
            location=data.get("location", ""))
        if not duplicates or request.POST.get("confirm_new"):
            try:
                need = services.need_create(user=request.user, proposer=form.proposer(), sensitive=form.sensitive(),
                                            **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Need registered."))
                return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/form.html", {"form": form, "duplicates": duplicates})


def _add_as_support(request):
    """The "it's the same as this one" answer to the duplicate suggestion: record support instead."""
    try:
        pk = int(request.POST["support_for"])
    except ValueError:
        raise Http404 from None
    need = access.get_for_user(request.user, Need.objects.all(), pk=pk, action="need.support")
    try:
        services.need_support_add(user=request.user, need=need, residents=1,
                                  note=request.POST.get("title", "")[:500])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Recorded as one more resident backing this need."))
    return redirect("needs:detail", pk=need.pk)


@login_required
def need_edit(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk, action="need.change")
    assignees = selectors.assignees_for(Region.objects.filter(code=need.community_id))
    can_sensitive = access.can(request.user, "need.view_sensitive", need)
    initial = {**{f: getattr(need, f) for f in services.EDITABLE_FIELDS}, "version": need.version,
               "proposer_anonymous": need.proposer_anonymous, "proposer_name": need.proposer_name}
    if can_sensitive:
        initial.update(sensitive_kind=need.sensitive_kind, sensitive_notes=need.sensitive_notes,
                       sensitive_basis=need.sensitive_basis, sensitive_basis_note=need.sensitive_basis_note)
    form = NeedEditForm(request.POST or None, instance=None, assignees=assignees, initial=initial,
                        masked=need.proposer_masked, can_sensitive=can_sensitive)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(user=request.user, need=need, version=form.cleaned_data["version"],
                                 proposer=form.proposer(), sensitive=form.sensitive(), **form.need_fields())
        except services.NeedConflict as exc:
            need.refresh_from_db()
            add_errors(form, exc)
            return render(request, "needs/edit.html", {
                "form": form, "need": need, "conflict_fields": [Need._meta.get_field(f).verbose_name
                                                                for f in exc.changed if f != "version"]}, status=409)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/edit.html", {"form": form, "need": need})


@login_required
@require_POST
def need_transition(request, pk: int, name: str):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", ()):
            messages.error(request, error)
        return render(request, "needs/detail.html", _detail_context(request, need, transition_form=form),
                      status=400)
    try:
        services.need_transition(user=request.user, need=need, name=name, reason=form.cleaned_data["reason"])
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(request, "needs/detail.html", _detail_context(request, need, transition_form=form),
                      status=409)
    messages.success(request, _("Status updated."))
    return redirect("needs:detail", pk=need.pk)


@login_required
@require_POST
def need_merge(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk, action="need.merge")
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise Http404
    into = access.get_for_user(request.user, Need.objects.all(), pk=form.cleaned_data["into"])
    try:
        services.need_merge(user=request.user, need=need, into=into, reason=form.cleaned_data["reason"])
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("needs:detail", pk=need.pk)
    messages.success(request, _("Merged: the support now counts on “%(title)s”.") % {"title": into.title})
    return redirect("needs:detail", pk=into.pk)


def _detail_form_action(request, pk: int, *, action: str, form_class, service, form_key: str, done: str):
    """A small form on the need's page: check it, call one service, or show the page again with the errors."""
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk, action=action)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(user=request.user, need=need, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/detail.html", _detail_context(request, need, **{form_key: form}), status=400)


@login_required
@require_POST
def need_support(request, pk: int):
    return _detail_form_action(request, pk, action="need.support", form_class=SupportForm,
                               service=services.need_support_add, form_key="support_form",
                               done=_("Support recorded."))


@login_required
@require_POST
def need_follow_up(request, pk: int):
    return _detail_form_action(request, pk, action="need.follow_up", form_class=FollowUpForm,
                               service=services.need_follow_up, form_key="follow_up_form",
                               done=_("Follow-up recorded."))


@login_required
@require_POST
def need_reveal(request, pk: int):
    """Show the proposer's data and sensitive notes in full, once, to a role that needs them (audited)."""
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk)
    revealed = services.need_reveal(user=request.user, need=need)
    response = render(request, "needs/detail.html", _detail_context(request, need, revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def need_photo_upload(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk, action="need.change")
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to upload."))
    else:
        try:
            need_photo_add(user=request.user, need=need, upload=upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Photo added."))
    return redirect("needs:detail", pk=need.pk)


@login_required
def need_photo(request, pk: int, photo_pk: int):
    """Serve a photo only to those who may see its need; never from a public static path."""
    need = access.get_for_user(request.user, Need.objects.all(), pk=pk)
    try:
        photo = need.photos.get(pk=photo_pk)
    except NeedPhoto.DoesNotExist:
        raise Http404 from None
    return private_file_response(photo.file, content_type=photo.content_type,
                                 filename=f"photo-{photo.pk}.{photo.extension}")


@login_required
@require_POST
def need_photo_delete(request, pk: int, photo_pk: int):
    need = access.get_for_user(request.user, Need.objects.all(), pk=pk, action="need.change")
    try:
        photo = need.photos.select_related("need").get(pk=photo_pk)
    except NeedPhoto.DoesNotExist:
        raise Http404 from None
    need_photo_remove(user=request.user, photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("needs:detail", pk=need.pk)
