"""Reads of the venture rounds, always scoped by the access layer."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q

from evaluation.models import TemplateVersion
from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.organizations.access import member_organization_ids
from wuse.registry.organizations.models import Organization

from .access import panel_round_ids
from .models import Application, Round, Score, Tranche
from .workflow import AGREED, AWARDED, CLOSED, OPEN, PASSED, PUBLICITY, REVIEW, SUBMITTED, WON

# The round's results are public (公示) from the publicity on.
PUBLIC_STATES = (PUBLICITY, AWARDED, CLOSED)
# Scores stay each reviewer's own until the panel closes.
SCORING_STATES = (OPEN, REVIEW)


def round_scope(user, region: Region | None = None) -> access.ScopeParts:
    parts = access.scope_parts(user, "venture_round.view", Round)
    return parts.within(region.prefix) if region is not None else parts


def rounds_filtered(*, status: str = "", year: int | None = None, q: str = ""):
    rounds = Round.objects.select_related("region").only(
        "id", "title", "year", "status", "total_fund", "project_cap", "call_closes", "review_closes", "created_at",
        "region__code", "region__name", "region__level")
    if status:
        rounds = rounds.filter(status=status)
    if year:
        rounds = rounds.filter(year=year)
    if q:
        rounds = rounds.filter(title__icontains=q)
    return rounds


def round_visible(user, pk):
    """The round if the user sees it: by the table, as a panel member, or (open ones) as an organization member."""
    rounds = Round.objects.select_related("region")
    scoped = access.scoped(user, "venture_round.view", rounds)
    found = scoped.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None and user.is_authenticated:
        extra = Q(pk__in=panel_round_ids(user))
        if member_organization_ids(user):
            extra |= Q(status__in=(OPEN, *PUBLIC_STATES))
        found = rounds.filter(extra, pk=pk).first()
    return found


def open_rounds_for_members(user):
    if not member_organization_ids(user):
        return Round.objects.none()
    return Round.objects.filter(status=OPEN).select_related("region").order_by("call_closes", "id")[:50]


def panel_rounds(user):
    """The rounds whose review panel the user sits on (for a reviewer without a government role)."""
    ids = panel_round_ids(user)
    return list(Round.objects.filter(pk__in=ids).select_related("region").order_by("-year", "-id")[:50]) if ids else []


def my_organizations(user):
    return Organization.objects.filter(pk__in=member_organization_ids(user)).order_by("name")


def applications_for(user, venture_round: Round):
    """The round's applications the user sees (officers: all; reviewers: all of their panel; members: theirs)."""
    apps = Application.objects.filter(round=venture_round).select_related("organization").only(
        "id", "title", "status", "requested", "awarded", "rank", "mean_score", "created_at", "round_id",
        "organization__id", "organization__name")
    return access.scoped(user, "venture_application.view", apps).order_by(F("rank").asc(nulls_last=True), "id")


def my_scores(user, application: Application) -> dict[int, object]:
    return dict(Score.objects.filter(application=application, reviewer=user).values_list("criterion_id", "value"))


def all_scores(application: Application):
    """Every reviewer's scores (shown only once the panel is closed)."""
    return list(Score.objects.filter(application=application).select_related("reviewer", "criterion")
                .order_by("reviewer__username", "criterion__position"))


def scores_count(application: Application) -> int:
    return Score.objects.filter(application=application).values("reviewer").distinct().count()


def public_rounds():
    return (Round.objects.filter(status__in=PUBLIC_STATES).select_related("region")
            .only("id", "title", "year", "status", "total_fund", "publicity_ends", "created_at", "region__code",
                  "region__name").order_by("-created_at", "-id"))


def public_awards(venture_round: Round):
    """Awarded projects with their organization, amount and score — no personal data."""
    return (Application.objects.filter(round=venture_round, status__in=(WON, AGREED))
            .select_related("organization").only("id", "title", "awarded", "mean_score", "rank",
                                                  "organization__name")
            .order_by("rank", "id"))


def tranches_of(application: Application):
    return list(Tranche.objects.filter(application=application).order_by("seq"))


def status_counts(scope: access.ScopeParts):
    rounds = Round.objects.all()
    if not scope.is_global:
        rounds = rounds.none() if scope.nothing else rounds.filter(scope.condition())
    return dict(rounds.values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def units_to_run(user):
    _is_global, found = access.prefixes(user, "venture_round.manage")
    codes = [p.ljust(12, "0") for p in found]
    return Region.objects.filter(code__in=codes, level__in=(Level.STREET, Level.DISTRICT, Level.CITY)).order_by(
        "code")


def panel_candidates(units):
    """Who may sit on a round's panel: active users with a membership at one of ``units``, below them, or above
    them (the district's and the city's experts) — never another district's or street's people, whose names a
    runner has no business seeing."""
    units = list(units)
    if not units:
        return get_user_model().objects.none()
    reach = Q(memberships__region_id__in={code for unit in units for code in unit.ancestor_codes()})
    for unit in units:
        reach |= Q(memberships__region__code__startswith=unit.prefix)
    return get_user_model().objects.filter(reach, is_active=True).distinct().order_by("username")


def templates_for(units):
    """The evaluation templates a round of one of ``units`` may carry: its unit's or a unit's above it."""
    codes = {code for unit in units for code in (unit.code, *unit.ancestor_codes())}
    return (TemplateVersion.objects.filter(family__region_id__in=codes).select_related("family")
            .order_by("-family__year", "family__name", "-number"))


def to_check(user):
    """Applications waiting for the formal check in the rounds the user runs."""
    apps = Application.objects.filter(status=SUBMITTED, round__status__in=SCORING_STATES)
    return access.scoped(user, "venture_round.manage", apps)


def to_score(user):
    """Applications of the user's panels in review, passed, not of the user's own organizations, that the user
    has not scored yet."""
    rounds = panel_round_ids(user)
    if not rounds:
        return Application.objects.none()
    return (Application.objects.filter(round_id__in=rounds, round__status=REVIEW, status=PASSED)
            .exclude(organization_id__in=member_organization_ids(user))
            .exclude(Exists(Score.objects.filter(application=OuterRef("pk"), reviewer=user))))


def queue(user, todo: str):
    """The "waiting for me" list behind the home page's counts (the same querysets)."""
    found = to_score(user) if todo == "score" else to_check(user)
    return found.select_related("round", "organization").only(
        "id", "title", "status", "requested", "created_at", "round__id", "round__title", "round__review_closes",
        "round__call_closes", "organization__id", "organization__name").order_by("round__review_closes", "id")
