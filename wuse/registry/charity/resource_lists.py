"""The community's resource list (资源清单) of a year: its donations grouped by donor and kind, and the
published versions — frozen snapshots with no personal data (no phones, no contact persons, no
individual's name: ``Donor.public_name`` masks individuals; anonymous donors are only flagged)."""

from collections import OrderedDict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .errors import CharityError
from .models import Donation, DonationKind, DonorKind, ResourceList

ZERO = Decimal("0")
# Text columns of a row: enough to say what was given, bounded so a snapshot stays small.
TEXT_LIMIT = 300


def _describe(donation: Donation) -> str:
    text = donation.description
    if donation.quantity:
        text = f"{text} ×{donation.quantity}{donation.unit}".strip()
    return text


def _joined(values: list[str]) -> str:
    seen = list(OrderedDict.fromkeys(v for v in values if v))
    text = "；".join(seen)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def year_donations(code: str, year: int):
    return (Donation.objects.filter(region_id=code, received_on__year=year)
            .select_related("donor").only("id", "kind", "amount", "committed", "used", "description", "quantity",
                                          "unit", "purpose", "received_on", "donor__id", "donor__name",
                                          "donor__kind", "donor__anonymous")
            .order_by("received_on", "id"))


def resource_rows(code: str, year: int) -> list[dict]:
    """The unit's donations of ``year`` grouped by donor and kind (one query); values as strings."""
    groups: dict[tuple[int, str], list[Donation]] = OrderedDict()
    for donation in year_donations(code, year):
        groups.setdefault((donation.donor_id, donation.kind), []).append(donation)
    rows = []
    for (_donor, kind), donations in groups.items():
        donor = donations[0].donor
        rows.append({
            "donor": "" if donor.anonymous else donor.public_name,
            "anonymous": donor.anonymous,
            "donor_kind": "" if donor.anonymous else donor.kind,
            "kind": kind,
            "donations": len(donations),
            "value": str(sum((d.amount for d in donations), ZERO)),
            "committed": str(sum((d.committed for d in donations), ZERO)),
            "used": str(sum((d.used for d in donations), ZERO)),
            "description": _joined([_describe(d) for d in donations]),
            "purpose": _joined([d.purpose for d in donations]),
        })
    return rows


def totals(rows: list[dict]) -> dict:
    def total(key, kinds=None):
        return sum((Decimal(r[key]) for r in rows if kinds is None or r["kind"] in kinds), ZERO)

    return {
        "money": total("value", {DonationKind.MONEY}),
        "goods_value": total("value", {DonationKind.GOODS, DonationKind.SERVICE}),
        "value": total("value"), "committed": total("committed"), "used": total("used"),
        "donations": sum(r["donations"] for r in rows),
    }


def labelled(rows: list[dict]) -> list[dict]:
    """Rows with translated labels (a snapshot keeps codes, so it reads in the visitor's language)."""
    kinds, donor_kinds = dict(DonationKind.choices), dict(DonorKind.choices)
    return [{**row, "kind_label": kinds.get(row["kind"], row["kind"]),
             "donor_label": _("Anonymous donor") if row["anonymous"] else row["donor"],
             "donor_kind_label": donor_kinds.get(row["donor_kind"], "")} for row in rows]


def latest_published(code: str, year: int) -> ResourceList | None:
    return ResourceList.objects.filter(region_id=code, year=year).order_by("-number").first()


@transaction.atomic
def resource_list_publish(*, user, region: Region, year: int) -> ResourceList:
    """Freeze the community's list of ``year`` as its next published version."""
    if region.level != Level.COMMUNITY:
        raise PermissionDenied(_("A resource list belongs to a community."))
    resource_list = ResourceList(region=region, year=year, published_by=user)
    if not access.can(user, "resource_list.publish", resource_list):
        raise PermissionDenied(_("You may not publish this community's resource list."))
    rows = resource_rows(region.code, year)
    if not rows:
        raise CharityError(_("No donation was received in %(year)s: there is nothing to publish.") % {"year": year})
    latest = latest_published(region.code, year)
    if latest is not None and latest.items == rows:
        raise CharityError(_("Nothing has changed since version %(n)s was published.") % {"n": latest.number})
    resource_list.items = rows
    resource_list.number = (ResourceList.objects.filter(region=region, year=year)
                            .aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            resource_list.save()
    except IntegrityError:
        raise CharityError(_("Someone published this list at the same moment; reload the page to see their "
                             "version.")) from None
    audit_record(action="resource_list.publish", target=resource_list, changed_fields=["items"], user=user,
                 detail={"year": year, "version": resource_list.number})
    return resource_list
