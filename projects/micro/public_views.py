"""The residents' pages (公示, no account, phone-sized): the rounds, a round's stage and proposals, the proposal form
(rate-limited per network, a double tap saved once) and the vote (a code sent to the phone; only a blind index of
the number is kept). No personal data is shown: a proposal carries none, a vote is only counted."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wuse.audit.middleware import client_ip
from wuse.core.pagination import paginate
from wuse.public import ratelimit
from wuse.public.pages import public_headers

from . import selectors, services
from .errors import MicroError
from .forms import CodeForm, PhoneForm, ProposalForm
from .services.voting import voting_open
from .workflow import CLOSED, COLLECTING, PROPOSAL_PROCESS, SHORTLISTED

PROPOSE_NAMESPACE = "micro"
CODE_NAMESPACE = "micro_code"
VOTE_NAMESPACE = "micro_vote"
PROPOSALS_PER_HOUR = 10
CODES_PER_HOUR = 30  # per network: several residents share one address
VOTES_PER_HOUR = 60
MAX_SHOWN = 200  # a round holds dozens of proposals, never thousands


def _round(pk: int):
    round_ = selectors.public_round(pk)
    if round_ is None:
        raise Http404
    return round_


def _busy(form, message: str):
    form.is_valid()
    form.add_error(None, message)
    return 429


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return public_headers(response)


def public_index(request):
    page = paginate(request, selectors.public_rounds())
    return _page(request, "micro/public_index.html", {"page": page})


def public_round(request, pk: int):
    round_ = _round(pk)
    proposals = list(selectors.public_proposals(round_))
    if round_.status != CLOSED:  # no running tally while residents vote: in the order they were proposed
        proposals.sort(key=lambda p: p.pk)
    return _page(request, "micro/public_round.html", {
        "object": round_, "proposals": proposals[:MAX_SHOWN], "collecting": round_.status == COLLECTING,
        "voting": voting_open(round_), "closed": round_.status == CLOSED, "shortlisted": SHORTLISTED,
        "total_votes": sum(p.votes for p in proposals), "labels": dict(PROPOSAL_PROCESS.choices),
    })


def public_propose(request, pk: int):
    round_ = _round(pk)
    if round_.status != COLLECTING:
        return _page(request, "micro/public_closed.html", {"object": round_,
                                                            "message": _("This round no longer takes proposals.")},
                     status=410)
    form = ProposalForm(request.POST or None, initial={"nonce": _nonce()})
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        if ratelimit.exceeded(PROPOSE_NAMESPACE, round_.pk, ip, per_hour=PROPOSALS_PER_HOUR):
            status = _busy(form, _("Many proposals have been sent from this network in the last hour. Please try "
                                   "again later; what you wrote is still here."))
        elif form.is_valid():
            d = form.cleaned_data
            try:
                proposal = services.proposal_submit(
                    round_=round_, kind=d["kind"], title=d["title"], description=d["description"],
                    estimated_cost=d["estimated_cost"], location=d["location"], declared=d["declared"],
                    token=d["nonce"])
            except MicroError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                ratelimit.count(PROPOSE_NAMESPACE, round_.pk, ip)
                return redirect("micro_public:thanks", round_.pk, proposal.pk)
        else:
            status = 400
    caps = selectors.caps_of(round_)
    return _page(request, "micro/public_propose.html", {"object": round_, "form": form, "caps": caps},
                 status=status)


def _nonce() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def public_thanks(request, pk: int, proposal: int):
    round_ = _round(pk)
    found = next((p for p in selectors.public_proposals(round_) if p.pk == int(proposal)), None)
    if found is None:
        raise Http404
    return _page(request, "micro/public_thanks.html", {"object": round_, "proposal": found})


def public_vote(request, pk: int, proposal: int):
    """Step one: the phone number (a code is sent); step two: the code (the vote is cast)."""
    round_ = _round(pk)
    chosen = next((p for p in selectors.public_proposals(round_) if p.pk == int(proposal) and p.status == SHORTLISTED),
                  None)
    if chosen is None:
        raise Http404
    if not voting_open(round_):
        return _page(request, "micro/public_closed.html", {"object": round_,
                                                            "message": _("Voting is not open for this round.")},
                     status=410)
    step = request.POST.get("step") if request.method == "POST" else None
    status = 200
    if step == "code":
        form = CodeForm(request.POST)
        if _limited(request, VOTE_NAMESPACE, round_, VOTES_PER_HOUR):
            status = _busy(form, _("Many votes have been sent from this network in the last hour. Please try "
                                   "again later."))
        elif form.is_valid():
            try:
                services.vote_cast(round_=round_, proposal_id=chosen.pk, phone=form.cleaned_data["phone"],
                                   code=form.cleaned_data["code"])
            except MicroError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                return redirect("micro_public:voted", round_.pk)
        else:
            status = 400
        _count(request, VOTE_NAMESPACE, round_)
        return _page(request, "micro/public_vote.html", {"object": round_, "chosen": chosen, "form": form,
                                                         "step": "code"}, status=status)
    form = PhoneForm(request.POST if step == "phone" else None, initial={"proposal": chosen.pk})
    if step == "phone":
        if _limited(request, CODE_NAMESPACE, round_, CODES_PER_HOUR):
            status = _busy(form, _("Many codes have been requested from this network in the last hour. Please "
                                   "try again later."))
        elif form.is_valid():
            try:
                services.request_code(round_=round_, phone=form.cleaned_data["phone"])
            except MicroError as exc:
                form.add_error("phone", str(exc))
                status = 400
            else:
                _count(request, CODE_NAMESPACE, round_)
                code_form = CodeForm(initial={"proposal": chosen.pk, "phone": form.cleaned_data["phone"]})
                return _page(request, "micro/public_vote.html", {"object": round_, "chosen": chosen,
                                                                 "form": code_form, "step": "code"})
        else:
            status = 400
    return _page(request, "micro/public_vote.html", {"object": round_, "chosen": chosen, "form": form,
                                                     "step": "phone"}, status=status)


def _limited(request, namespace, round_, per_hour) -> bool:
    return ratelimit.exceeded(namespace, round_.pk, client_ip(request), per_hour=per_hour)


def _count(request, namespace, round_) -> None:
    ratelimit.count(namespace, round_.pk, client_ip(request))


def public_voted(request, pk: int):
    round_ = _round(pk)
    return _page(request, "micro/public_voted.html", {"object": round_})
