"""An organization's members and qualification documents (served only through the access check)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.core.files import private_file_response
from wuse.core.forms import add_errors

from .. import documents, services
from ..apps import NS
from ..forms.organizations import DocumentForm, MemberForm
from ..models import OrganizationMember
from ..selectors import organizations as selectors
from .organizations import detail_context


def _section(organization, anchor: str) -> str:
    return reverse(f"{NS}:detail", args=[organization.pk]) + f"#{anchor}"


@login_required
@require_POST
def member_add(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.members")
    form = MemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            services.member_add(user=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect(_section(organization, "members"))
    return render(request, "organizations/detail.html", detail_context(request, organization, member_form=form),
                  status=400)


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.members")
    member = OrganizationMember.objects.filter(pk=member_pk, organization=organization).select_related(
        "organization").first()
    if member is None:
        raise Http404
    try:
        services.member_remove(user=request.user, member=member)
    except services.OrganizationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Member removed."))
    if member.user_id == request.user.pk and not selectors.organization_members(organization).filter(
            user=request.user).exists():
        return redirect(f"{NS}:mine")
    return redirect(_section(organization, "members"))


@login_required
@require_POST
def document_add(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.change")
    form = DocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        try:
            documents.document_add(user=request.user, organization=organization, kind=form.cleaned_data["kind"],
                                   title=form.cleaned_data["title"], upload=form.cleaned_data["file"],
                                   valid_until=form.cleaned_data["valid_until"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect(_section(organization, "documents"))
    return render(request, "organizations/detail.html", detail_context(request, organization, document_form=form),
                  status=400)


@login_required
def document_download(request, pk: int, document_pk: int):
    """Serve a document only to those who may see its organization; never from a public media path."""
    organization = selectors.organization_for_user(request.user, pk)
    document = selectors.organization_document(organization, document_pk)
    if document is None:
        raise Http404
    ext = documents.extension(document)
    return private_file_response(document.file, content_type=documents.content_type(document),
                                 filename=f"document-{document.pk}.{ext}", cache_control="private, no-store")


@login_required
@require_POST
def document_remove(request, pk: int, document_pk: int):
    organization = selectors.organization_for_user(request.user, pk, action="organization.change")
    document = selectors.organization_document(organization, document_pk)
    if document is None:
        raise Http404
    documents.document_remove(user=request.user, document=document)
    messages.success(request, _("Document removed."))
    return redirect(_section(organization, "documents"))
