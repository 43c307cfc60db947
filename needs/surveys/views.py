import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from needs.models import Need
from needs.selectors import likely_duplicates
from wuse.access import api as access
from wuse.audit.middleware import client_ip
from wuse.audit.services import audit_record
from wuse.core.pagination import keyset_page, paginate
from wuse.core.shell import breadcrumbs
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.spreadsheets import Sheet, xlsx_response
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError, transition_options

from . import access as survey_access
from . import ratelimit, selectors, services
from .forms import AnswerForm, CampaignEditForm, CampaignForm, QuestionForm, ToNeedForm
from .models import Answer, QuestionKind, ResponseChannel
from .qr import qr_svg
from .workflow import SURVEY_PROCESS

# ------------------------------------------------------------------------------------------ campaigns


def _add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: by the field it names, or above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def campaign_list(request):
    if not access.has_action(request.user, "survey.view"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in dict(SURVEY_PROCESS.choices):
        status = ""
    page = keyset_page(request, selectors.campaigns_for_user(request.user, status))
    counts = selectors.response_counts(c.pk for c in page)
    for campaign in page:
        campaign.response_count = counts.get(campaign.pk, 0)
    return render(request, "surveys/list.html", {
        "page": page, "status": status, "statuses": SURVEY_PROCESS.choices,
        "can_create": access.has_action(request.user, "survey.create"),
    })


@login_required
def campaign_create(request):
    units = selectors.units_for_create(request.user)
    if not units.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, units=units,
                        initial={"starts_on": today, "ends_on": today + dt.timedelta(days=30)})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Survey created. Now add its questions."))
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def _unit_filter(request, campaign, units=None):
    """The unit chosen in "answers from" (street campaigns), among those whose answers the user may see."""
    code = request.GET.get("unit", "")
    if not code:
        return None
    units = selectors.filter_units(request.user, campaign) if units is None else units
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        raise Http404
    return unit


def _public_url(request, campaign) -> str:
    """The link residents open. ``WUSE_PUBLIC_BASE_URL`` (e.g. https://wuse.example.gov.cn) sets the address
    printed in the QR code when staff reach the site through an internal one."""
    path = reverse("surveys:public", args=[campaign.public_token])
    base = settings.WUSE_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _detail_context(request, campaign, **extra):
    user = request.user
    units = selectors.filter_units(user, campaign)
    unit = _unit_filter(request, campaign, units)
    questions = list(campaign.questions.all())
    responses = selectors.responses_for_user(user, campaign, unit)
    summary = selectors.summarize(questions, responses)
    can_to_need = survey_access.can(user, "survey.to_need", campaign)
    for item in summary.questions:
        for answer in item.latest:
            answer.can_to_need = can_to_need and not answer.need_id and survey_access.can(
                user, "survey.to_need", answer.response)
    can = survey_access.can_map(user, campaign, ["survey.change", "survey.enter", "survey.export"])
    public_url = _public_url(request, campaign) if not campaign.is_draft else ""
    return {
        "campaign": campaign,
        "breadcrumbs": breadcrumbs(user, campaign.region),
        "summary": summary,
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "transitions": transition_options(SURVEY_PROCESS, campaign, user),
        "timeline": TransitionLog.objects.timeline(campaign),
        "can": {**can, "edit_questions": can["change"] and campaign.is_draft,
                "enter": can["enter"] and campaign.accepting_answers},
        "kinds": QuestionKind.choices,
        "public_url": public_url,
        "qr": qr_svg(public_url, inline=True) if public_url else "",
        "period_state": campaign.period_state(),
        **extra,
    }


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    return render(request, "surveys/detail.html", _detail_context(request, campaign))


@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.change")
    initial = {f: getattr(campaign, f) for f in services.CAMPAIGN_FIELDS} | {"version": campaign.version}
    form = CampaignEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(user=request.user, campaign=campaign, version=form.cleaned_data["version"],
                                     **form.campaign_fields())
        except services.CampaignConflict as exc:
            form.add_error(None, str(exc))
            campaign.refresh_from_db()
            status = 409
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("surveys:detail", pk=campaign.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign,
                                                          "saved": campaign if status == 409 else None},
                  status=status)


@login_required
@require_POST
def campaign_transition(request, pk: int, name: str):
    campaign = selectors.campaign_for_user(request.user, pk)
    try:
        campaign = services.campaign_transition(user=request.user, campaign=campaign, name=name)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(request, "surveys/detail.html", _detail_context(request, campaign), status=409)
    messages.success(request, _("Status updated."))
    return redirect("surveys:detail", pk=campaign.pk)


@login_required
def campaign_qr(request, pk: int):
    """The QR code as a file, for posters and notices."""
    campaign = selectors.campaign_for_user(request.user, pk)
    if campaign.is_draft:
        raise Http404
    response = HttpResponse(qr_svg(_public_url(request, campaign)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-qr.svg"'
    return response


# ------------------------------------------------------------------------------------------ questions


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
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
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
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
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


# ------------------------------------------------------------------------------------------ answers


def _submit(request, campaign, form, *, channel, user=None):
    """Validate and save one questionnaire; returns the response, or None with the errors on the form.
    A second submit of the same form (double tap, reload) is recognised by its nonce and not saved."""
    if not form.is_valid():
        return None
    nonce = form.cleaned_data["nonce"]
    if nonce and not ratelimit.first_submission(campaign.pk, nonce):
        return "duplicate"
    try:
        return services.response_submit(campaign=campaign, answers=form.raw_answers(), channel=channel, user=user,
                                        region=form.chosen_unit())
    except ValidationError as exc:
        ratelimit.forget_submission(campaign.pk, nonce)
        form.add_answer_errors(exc)
    except services.SurveyClosed as exc:
        ratelimit.forget_submission(campaign.pk, nonce)
        form.add_error(None, str(exc))
    return None


@login_required
def response_enter(request, pk: int):
    """Staff type in a paper questionnaire (or one taken by phone or at a visit)."""
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.enter")
    units = selectors.entry_units(request.user, campaign)
    if not units:
        raise PermissionDenied
    closed = None
    try:
        services.check_accepting(campaign)
    except services.SurveyClosed as exc:
        closed = str(exc)
    form = AnswerForm(request.POST or None, questions=campaign.questions.all(), units=units,
                      unit_label=_("Which community do the answers come from?"),
                      unit_blank_label=_("Not tied to a community"))
    if request.method == "POST" and not closed:
        result = _submit(request, campaign, form, channel=ResponseChannel.STAFF, user=request.user)
        if result == "duplicate":
            messages.info(request, _("This questionnaire was already saved."))
            return redirect("surveys:enter", pk=campaign.pk)
        if result is not None:
            messages.success(request, _("Answers saved (response #%(number)s). You can enter the next "
                                        "questionnaire.") % {"number": result.pk})
            return redirect("surveys:enter", pk=campaign.pk)
    status = 409 if closed and request.method == "POST" else (400 if form.errors else 200)
    return render(request, "surveys/enter.html", {
        "campaign": campaign, "form": form, "closed": closed, "breadcrumbs": breadcrumbs(request.user,
                                                                                        campaign.region),
    }, status=status)


@login_required
def response_list(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    units = selectors.filter_units(request.user, campaign)
    unit = _unit_filter(request, campaign, units)
    page = keyset_page(request, selectors.responses_for_user(request.user, campaign, unit).for_table(),
                       field="submitted_at")
    questions = list(campaign.questions.all())
    answers = selectors.answers_by_response(page.object_list)
    can_to_need = survey_access.can(request.user, "survey.to_need", campaign)
    rows = []
    for response in page:
        allowed = can_to_need and survey_access.can(request.user, "survey.to_need", response)
        items = []
        for question in questions:
            answer = answers.get(response.pk, {}).get(question.pk)
            if answer is not None:
                answer.can_to_need = allowed and question.kind == QuestionKind.TEXT and not answer.need_id
            items.append((question, answer))
        rows.append((response, items))
    return render(request, "surveys/responses.html", {
        "campaign": campaign, "page": page, "rows": rows, "unit": unit, "units": units if len(units) > 1 else [],
        "breadcrumbs": breadcrumbs(request.user, campaign.region),
    })


@login_required
def text_answers(request, pk: int, qid: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    question = get_object_or_404(campaign.questions, pk=qid, kind=QuestionKind.TEXT)
    unit = _unit_filter(request, campaign)
    page = paginate(request, selectors.text_answers(question, selectors.responses_for_user(request.user, campaign,
                                                                                            unit)))
    can_to_need = survey_access.can(request.user, "survey.to_need", campaign)
    for answer in page:
        answer.can_to_need = can_to_need and not answer.need_id and survey_access.can(
            request.user, "survey.to_need", answer.response)
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
    if not survey_access.can(request.user, "survey.to_need", answer.response):
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
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
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


# ------------------------------------------------------------------------------------------ export


@login_required
def campaign_export(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.export")
    unit = _unit_filter(request, campaign)
    questions = list(campaign.questions.all())
    responses = selectors.responses_for_user(request.user, campaign, unit)
    summary = selectors.summarize(questions, responses)
    audit_record(action="survey.export", target=campaign, user=request.user,
                 detail={"responses": summary.total, "unit": unit.code if unit else ""})
    today = timezone.localdate().isoformat()
    filename = _("Survey results %(title)s %(date)s") % {"title": campaign.title, "date": today}
    return xlsx_response(filename, [_summary_sheet(summary), _responses_sheet(questions, responses)])


def _summary_sheet(summary) -> Sheet:
    rows: list[list] = [["", _("All responses"), "", "", summary.total, None]]
    for number, item in enumerate(summary.questions, start=1):
        question = item.question
        kind = question.get_kind_display()
        if question.kind == QuestionKind.TEXT:
            rows.append([number, question.text, kind, _("written answers"), item.answered, None])
            continue
        for option in item.options:
            rows.append([number, question.text, kind, option.label, option.count, option.percent])
        if question.kind == QuestionKind.SCALE:
            rows.append([number, question.text, kind, _("average"), item.average, None])
    return Sheet(name=_("Summary"), headers=[_("No."), _("Question"), _("Kind of question"), _("Option / value"),
                                             _("Answers"), _("Share of those who answered (percent)")], rows=rows)


def _responses_sheet(questions, responses) -> Sheet:
    headers = [_("Response no."), _("Submitted at"), _("Channel"), _("community")]
    headers += [f"{n}. {q.text}" for n, q in enumerate(questions, start=1)]
    channels = dict(ResponseChannel.choices)
    names = {code: _("Not tied to a community") if level == Level.STREET else name
             for code, name, level in Region.objects.filter(code__in=responses.order_by().values("region_id"))
             .values_list("code", "name", "level")}

    def rows():
        answers = (Answer.objects.filter(response__in=responses.order_by().values("pk")).order_by("response_id")
                   .values_list("response_id", "question_id", "value").iterator(chunk_size=2000))
        pending = next(answers, None)
        for pk, submitted, channel, region in (responses.order_by("id").values_list(
                "pk", "submitted_at", "channel", "region_id").iterator(chunk_size=2000)):
            values: dict[int, object] = {}
            while pending is not None and pending[0] <= pk:
                if pending[0] == pk:
                    values[pending[1]] = pending[2]
                pending = next(answers, None)
            row = [pk, submitted, str(channels.get(channel, channel)), names.get(region, region)]
            for question in questions:
                value = values.get(question.pk)
                row.append("；".join(value) if isinstance(value, list) else value)
            yield row

    return Sheet(name=_("Responses"), headers=headers, rows=rows())


# ------------------------------------------------------------------------------------------ public pages


def _public_unavailable(request, campaign, message: str, status: int):
    return render(request, "surveys/public_unavailable.html", {"campaign": campaign, "message": message},
                  status=status)


def public_survey(request, token: str):
    """The questionnaire residents open from the link or QR code: no account, no personal data."""
    try:
        campaign = selectors.campaign_by_token(token)
    except Http404:
        return _public_unavailable(request, None, _("This survey does not exist. Check the link or scan the "
                                                    "code again."), 404)
    form = AnswerForm(request.POST or None, questions=campaign.questions.all(),
                      units=services.answer_units(campaign),
                      unit_label=_("Which community do you live in?"), unit_blank_label=_("Not sure / not listed"))
    closed = None
    try:
        services.check_accepting(campaign)
    except services.SurveyClosed as exc:
        status = 200 if campaign.period_state() == "before" and not campaign.is_closed else 410
        if request.method != "POST":
            return _public_unavailable(request, campaign, str(exc), status)
        closed = str(exc)  # closed while the resident was answering: show what they wrote, with the reason
        form.is_valid()
        form.add_error(None, closed)
    else:
        status = 200
    if request.method == "POST" and not closed:
        ip = client_ip(request)
        if ratelimit.exceeded(campaign.pk, ip):
            form.is_valid()
            form.add_error(None, _("Many questionnaires have been sent from this network in the last hour. Please "
                                   "try again later; your answers are still here."))
            status = 429
        else:
            result = _submit(request, campaign, form, channel=ResponseChannel.PUBLIC)
            if result is not None:
                if result != "duplicate":
                    ratelimit.count(campaign.pk, ip)
                return redirect("surveys:public_thanks", token=campaign.public_token)
            status = 400
    response = render(request, "surveys/public_form.html", {"campaign": campaign, "form": form, "closed": closed},
                      status=status)
    if status == 429:
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # not "no-referrer": Chrome then posts "Origin: null" (CSRF)
    return response


def public_thanks(request, token: str):
    try:
        campaign = selectors.campaign_by_token(token)
    except Http404:
        return _public_unavailable(request, None, _("This survey does not exist. Check the link or scan the "
                                                    "code again."), 404)
    return render(request, "surveys/public_thanks.html", {"campaign": campaign,
                                                          "can_answer_again": campaign.accepting_answers})
