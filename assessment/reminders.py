"""The annual assessment's reminder rule (``wuse.notify``): a unit's figures of last year waiting for its parent's
approval (审核确认).

"Due" means: it is a new year, last year's figures of the unit are rolled up, every unit below it is approved
(so the parent *can* approve it now, bottom-up), and the parent has not approved it some days after 1 January.
The item is the unit (a ``Region`` row); the responsible unit is its parent, whose members holding
``assessment.approve`` sign for it (a street's officers for a community, a district's reviewers for a street, the
city's administrators for a district); a street's delay escalates to its district. One query: the readiness and
the approval are ``EXISTS`` on the unique indexes of the snapshot and the approvals, the anchor a constant date.
"""

import datetime as dt

from django.db.models import DateField, Exists, IntegerField, OuterRef, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule
from wuse.regions.models import Region

GROUP = _("Annual assessment")


def waiting_for_approval():
    from .models import Approval, KpiSnapshot

    today = timezone.localdate()
    year = today.year - 1
    approved = Approval.objects.filter(year=year, region=OuterRef("pk"))
    open_child = Region.objects.filter(parent=OuterRef("pk")).exclude(
        Exists(Approval.objects.filter(year=year, region=OuterRef("pk"))))
    return (Region.objects.filter(parent__isnull=False)
            .filter(Exists(KpiSnapshot.objects.filter(year=year, region=OuterRef("pk"))))
            .exclude(Exists(approved)).exclude(Exists(open_child))
            .annotate(new_year=Value(dt.date(today.year, 1, 1), output_field=DateField()),
                      last_year=Value(year, output_field=IntegerField())))


def register() -> None:
    register_rule(Rule(
        key="assessment.approval_due", group=GROUP, order=40, label=_("Last year's figures waiting for approval"),
        help=_("A unit whose figures of last year are rolled up and whose units below are all approved, not yet "
               "approved by the level above it some days into the new year."),
        pending=waiting_for_approval, anchor="new_year", days=31, days_help=_("days after 1 January"),
        escalate=(None, 7), unit="parent", action="assessment.approve", title="name",
        link=("assessment:unit", "parent"), query=(("year", "last_year"),),
    ))
