"""The answers of a campaign: every response, every written answer to one question, and a written answer
turned into a need of the community (or counted as support for one already registered)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from needs.models import Need
from needs.selectors import likely_duplicates
from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page, paginate
from wuse.core.shell import breadcrumbs

from .. import selectors, services
from ..forms import ToNeedForm
from ..models import Answer, QuestionKind


def unit_filter(request, campaign, units=None):
    """The unit chosen in "answers from" (street campaigns), among those whose answers the user may see."""
    code = request.GET.get("unit", "")
    if not code:
        return None
    units = selectors.filter_units(request.user, campaign) if units is None else units
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        raise Http404
    return unit


@login_required
def response_list(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    units = selectors.filter_units(request.user, campaign)
    unit = unit_filter(request, campaign, units)
    page = keyset_page(request, selectors.responses_for_user(request.user, campaign, unit).for_table(),
                       field="submitted_at")
    questions = list(campaign.questions.all())
    answers = selectors.answers_by_response(page.object_list)
    rows, written = [], []
    for response in page:
        items = []
        for question in questions:
            answer = answers.get(response.pk, {}).get(question.pk)
            if answer is not None:
                answer.can_to_need = False
                if question.kind == QuestionKind.TEXT:
                    written.append(answer)
            items.append((question, answer))
        rows.append((response, items))
    selectors.mark_to_need(request.user, campaign, written)
    return render(request, "surveys/responses.html", {
        "campaign": campaign, "page": page, "rows": rows, "unit": unit, "units": units if len(units) > 1 else [],
        "breadcrumbs": breadcrumbs(request.user, campaign.region),
    })


@login_required
def text_answers(request, pk: int, qid: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    question = get_object_or_404(campaign.questions, pk=qid, kind=QuestionKind.TEXT)
    unit = unit_filter(request, campaign)
    page = paginate(request, selectors.text_answers(question, selectors.responses_for_user(request.user, campaign,
                                                                                            unit)))
    selectors.mark_to_need(request.user, campaign, page)
    return render(request, "surveys/text_answers.html", {
        "campaign": campaign, "question": question, "page": page, "unit": unit,
        "breadcrumbs": breadcrumbs(request.user, campaign.region),
    })


def _visible_answer(request, campaign, aid: int) -> Answer:
    responses = selectors.responses_for_user(request.user, campaign)
    return get_object_or_404(
        Answer.objects.select_related("response__region", "response__campaign", "question", "need"),
        pk=aid, response__campaign=campaign, response__in=responses.order_by().values("pk"))


def _suggested_title(text: str) -> str:
    first_line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    return first_line[:40]


@login_required
def answer_to_need(request, pk: int, aid: int):
    """Turn a written answer into a need of the community (or count it as support for a similar one)."""
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.to_need")
    answer = _visible_answer(request, campaign, aid)
    if not access.can(request.user, "survey.to_need", answer.response):
        raise PermissionDenied
    if answer.need_id:
        messages.info(request, _("This answer has already been turned into a need."))
        return redirect("needs:detail", pk=answer.need_id)
    if answer.question.kind != QuestionKind.TEXT:
        raise Http404
    communities = services.need_communities(request.user, answer.response)
    if not communities.exists():
        raise PermissionDenied
    form = ToNeedForm(request.POST or None, communities=communities, initial={
        "community": communities.first(), "title": _suggested_title(answer.value), "category": "other",
        "description": answer.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.answer_to_need(user=request.user, answer=answer, community=data["community"],
                                           title=data["title"], category=data["category"],
                                           description=data["description"], urgency=data["urgency"])
        except (ValidationError, services.SurveyError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Need registered from the survey answer."))
            return redirect("needs:detail", pk=need.pk)
    community = form.cleaned_data.get("community") if form.is_bound and form.is_valid() else communities.first()
    duplicates = likely_duplicates(community=community, category=None, title=_suggested_title(answer.value))
    return render(request, "surveys/to_need.html", {
        "campaign": campaign, "answer": answer, "form": form, "duplicates": duplicates,
        "breadcrumbs": breadcrumbs(request.user, campaign.region),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def answer_support(request, pk: int, aid: int):
    """The answer repeats a registered need: count it as one more resident backing that need."""
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.to_need")
    answer = _visible_answer(request, campaign, aid)
    try:
        need_pk = int(request.POST.get("need", ""))
    except ValueError:
        raise Http404 from None
    need = access.get_for_user(request.user, Need.objects.all(), pk=need_pk, action="need.support")
    try:
        need = services.answer_add_support(user=request.user, answer=answer, need=need)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
        return redirect("surveys:to_need", pk=campaign.pk, aid=answer.pk)
    messages.success(request, _("Recorded as one more resident backing this need."))
    return redirect("needs:detail", pk=need.pk)
