"""Reads of needs, always through the access layer."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from wuse.access import api as access
from wuse.regions.models import Region

from .lists import NEEDS_LIST_PROCESS
from .models import Need, NeedsList
from .workflow import ACTIVE_STATES, OPEN_STATES


@dataclass(frozen=True)
class NeedFilters:
    q: str = ""
    status: str = ""
    category: str = ""
    channel: str = ""
    urgency: str = ""
    overdue: bool = False
    assignee: str = ""  # "me", "none" or ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: Region | None = None


def needs_for_user(user, filters: NeedFilters | None = None):
    """The needs the user may see, narrowed by the list's filters (unordered: the page orders)."""
    f = filters or NeedFilters()
    needs = access.scoped(user, "need.view", needs_filtered(user, f))
    if f.region is not None:
        low, high = f.region.prefix.ljust(12, "0"), f.region.prefix.ljust(12, "9")
        needs = needs.filter(community__gte=low, community__lte=high)
    return needs


def list_scope(user, region: Region | None = None) -> access.ScopeParts:
    """Where the list reads for the user (``region``: the authorized drill-down), for ``keyset_page``."""
    parts = access.scope_parts(user, "need.view", Need)
    return parts.within(region.prefix) if region is not None else parts


def needs_filtered(user, f: NeedFilters):
    """The list's filters on all needs, the scope not applied (``list_scope`` says where to read). Date
    filters are half-open ranges on ``created_at`` (local days), so the composite indexes serve them."""
    needs = Need.objects.for_table()
    if f.q:
        needs = needs.filter(_search(user, f.q))
    exact = {"status": f.status, "category_id": f.category, "channel": f.channel, "urgency": f.urgency}
    needs = needs.filter(**{k: v for k, v in exact.items() if v})
    if f.overdue:
        needs = needs.overdue()
    if f.assignee == "me":
        needs = needs.filter(assignee=user)
    elif f.assignee == "none":
        needs = needs.filter(assignee__isnull=True)
    if f.date_from:
        needs = needs.filter(created_at__gte=_day_start(f.date_from))
    if f.date_to and f.date_to < dt.date.max:
        needs = needs.filter(created_at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return needs


def total_from(counts, f: NeedFilters) -> int | None:
    """The page's total when the summary knows it (no filter, or one state or one category alone); None
    otherwise (the page then counts, bounded)."""
    narrowing = (f.q, f.channel, f.urgency, f.overdue, f.assignee, f.date_from, f.date_to)
    if any(narrowing) or (f.status and f.category):
        return None
    if f.status:
        return counts.by_status.get(f.status, 0)
    if f.category:
        return counts.by_category.get(f.category, 0)
    return counts.total


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _search(user, q: str) -> Q:
    """A phone or ID number is looked up exactly through its blind index, and only by roles that may
    see personal data; anything else is a substring of title or description (pg_trgm on PostgreSQL)."""
    from wuse.privacy import (
        ID_NUMBER,
        PHONE,
        blind_index,
        id_number_error,
        normalize_id_number,
        normalize_phone,
        phone_error,
    )

    text = Q(title__icontains=q) | Q(description__icontains=q)
    if not access.has_action(user, "need.reveal_pii"):
        return text
    phone, number = normalize_phone(q), normalize_id_number(q)
    if phone and not phone_error(phone):
        return text | Q(proposer_phone_index=blind_index(phone, purpose=PHONE))
    if number and not id_number_error(number):
        return text | Q(proposer_id_index=blind_index(number, purpose=ID_NUMBER))
    return text


def waiting_for(user):
    """"Waiting for me": open needs assigned to me, and open needs past their answer date where I act."""
    today = timezone.localdate()
    mine = Q(assignee=user, status__in=OPEN_STATES)
    overdue = Q(status__in=OPEN_STATES, response_deadline__lt=today)
    visible = access.scoped(user, "need.view", Need.objects.for_table())
    actionable = access.scoped(user, "need.verify", Need.objects.all()).values("pk")
    return visible.filter(mine | (overdue & Q(pk__in=actionable)))


def needs_lists_for_user(user, status: str = ""):
    """The needs lists the user may see, of one status when ``status`` is one of the process's states."""
    lists = access.scoped(user, "needs_list.view", NeedsList.objects.select_related("community"))
    return lists.filter(status=status) if status in dict(NEEDS_LIST_PROCESS.choices) else lists


def communities_for_create(user):
    """The communities where the user may register needs."""
    return access.scoped(user, "need.create", Region.objects.of_level("community"))


def assignees_for(communities):
    """Active community staff of these communities: who can take a need."""
    from wuse.accounts.models import User
    from wuse.accounts.roles import Role

    return User.objects.filter(is_active=True, memberships__role=Role.COMMUNITY_STAFF,
                               memberships__region__in=communities).distinct().order_by("username")


# --- likely duplicates ------------------------------------------------------------------------

def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text.lower() if ch.isalnum())
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: works for Chinese, where words are not space-separated."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


DUPLICATE_THRESHOLD = 0.35
CANDIDATE_LIMIT = 300


def likely_duplicates(*, community: Region | str, category: str | None, title: str, location: str = "",
                      exclude: int | None = None, limit: int = 5) -> list[tuple[Need, float]]:
    """Needs of the same community still in play that look like this one: similar title in the same
    category, or the same location. Candidates are the most recent few hundred; scoring is in Python."""
    code = community.code if isinstance(community, Region) else community
    same = Q(category_id=category) if category else Q()
    if location.strip():
        same |= Q(location=location.strip())
    candidates = (Need.objects.for_table().filter(community_id=code, status__in=ACTIVE_STATES).filter(same)
                  .exclude(pk=exclude).order_by("-created_at", "-id")[:CANDIDATE_LIMIT])
    scored = []
    for need in candidates:
        score = similarity(title, need.title)
        if location.strip() and need.location == location.strip():
            score = max(score, 0.5) + 0.25
        if score >= DUPLICATE_THRESHOLD:
            scored.append((need, round(min(score, 1.0), 2)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]
