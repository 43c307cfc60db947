"""The questionnaire's screens while the campaign is a draft: add, edit, delete and reorder questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.core.forms import add_errors

from .. import selectors, services
from ..forms import QuestionForm
from ..models import QuestionKind


def _editable_campaign(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.change")
    if not campaign.is_draft:
        messages.error(request, _("The questions can only be changed while the survey is a draft: answers "
                                  "already collected must stay comparable."))
        return campaign, redirect("surveys:detail", pk=campaign.pk)
    return campaign, None


@login_required
def question_create(request, pk: int, kind: str):
    if kind not in QuestionKind.values:
        raise Http404
    campaign, refused = _editable_campaign(request, pk)
    if refused:
        return refused
    form = QuestionForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(user=request.user, campaign=campaign, **form.question_fields())
        except (ValidationError, services.SurveyError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            if request.POST.get("another"):
                return redirect("surveys:question_create", pk=campaign.pk, kind=kind)
            return redirect(reverse("surveys:detail", args=[campaign.pk]) + "#questions")
    return render(request, "surveys/question_form.html", {
        "form": form, "campaign": campaign, "kind_label": QuestionKind(kind).label, "adding": True,
    }, status=400 if form.errors else 200)


@login_required
def question_edit(request, pk: int, qid: int):
    campaign, refused = _editable_campaign(request, pk)
    if refused:
        return refused
    question = get_object_or_404(campaign.questions, pk=qid)
    form = QuestionForm(request.POST or None, kind=question.kind, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(user=request.user, question=question, **form.question_fields())
        except (ValidationError, services.SurveyError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(reverse("surveys:detail", args=[campaign.pk]) + "#questions")
    return render(request, "surveys/question_form.html", {
        "form": form, "campaign": campaign, "question": question, "kind_label": question.get_kind_display(),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def question_delete(request, pk: int, qid: int):
    campaign, refused = _editable_campaign(request, pk)
    if refused:
        return refused
    question = get_object_or_404(campaign.questions, pk=qid)
    try:
        services.question_delete(user=request.user, question=question)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Question deleted."))
    return redirect(reverse("surveys:detail", args=[campaign.pk]) + "#questions")


@login_required
@require_POST
def question_move(request, pk: int, qid: int, direction: str):
    if direction not in ("up", "down"):
        raise Http404
    campaign, refused = _editable_campaign(request, pk)
    if refused:
        return refused
    question = get_object_or_404(campaign.questions, pk=qid)
    try:
        services.question_move(user=request.user, question=question, direction=direction)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("surveys:detail", args=[campaign.pk]) + f"#question-{question.pk}")
