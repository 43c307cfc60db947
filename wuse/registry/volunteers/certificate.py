"""志愿服务记录证明: issued by the community that keeps the volunteer's record (谁记录谁证明).

Only verified services count, and only those verified at least ``PUBLICITY_DAYS`` days before the
certificate is issued (the record is publicised for that long before it is certified). The PDF is
rendered from an HTML template by WeasyPrint with the Noto CJK fonts (Debian ``fonts-noto-cjk``); it is
always in Chinese, the language of the official document.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy import mask_id_number
from wuse.privacy.text import one_line

from .errors import VolunteerError
from .local_time import CENT, local_day_bounds
from .models import Certificate, EntryStatus, ServiceEntry, Volunteer
from .services.volunteers import lock_unit, next_number

# A verified record is publicised for this many days before a certificate may count it.
PUBLICITY_DAYS = 7
NUMBER_DIGITS = 4
CONTENT_SEPARATOR = "；"
MAX_CONTENT = 2000


def certifiable_entries(volunteer: Volunteer, period_start: dt.date, period_end: dt.date, *, now=None):
    """The verified entries of the period that have been publicised long enough to be certified."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=PUBLICITY_DAYS)
    low, _end = local_day_bounds(period_start)
    _start, high = local_day_bounds(period_end)
    return ServiceEntry.objects.filter(volunteer=volunteer, status=EntryStatus.VERIFIED, verified_at__lte=cutoff,
                                       started_at__gte=low, started_at__lt=high)


def content_summary(contents) -> str:
    """The distinct service contents, in order of first appearance, within the field's length."""
    seen: list[str] = []
    for content in contents:
        if content not in seen:
            seen.append(content)
    text = CONTENT_SEPARATOR.join(seen)
    return text if len(text) <= MAX_CONTENT else text[: MAX_CONTENT - 1] + "…"


@transaction.atomic
def certificate_issue(*, user, volunteer: Volunteer, period_start: dt.date, period_end: dt.date,
                      person_in_charge: str, contact: str) -> Certificate:
    """Issue a certificate of the volunteer's publicised, verified hours in the period; refuse when there are none."""
    if not access.can(user, "volunteer_certificate.issue", volunteer):
        raise PermissionDenied(_("Only the community keeping the volunteer's record issues certificates."))
    today = timezone.localdate()
    if period_start > period_end:
        raise VolunteerError(_("The period must start before it ends."))
    if period_end > today:
        raise VolunteerError(_("The period cannot end in the future."))
    person_in_charge, contact = one_line(person_in_charge), one_line(contact)
    if not person_in_charge or not contact:
        raise VolunteerError(_("Enter the person in charge and a contact for enquiries."))
    entries = certifiable_entries(volunteer, period_start, period_end)
    totals = entries.aggregate(count=Count("id"), hours=Sum("hours"))
    if not totals["count"]:
        raise VolunteerError(_("There is no verified service in this period that has been publicised for "
                               "%(days)d days; nothing can be certified yet.") % {"days": PUBLICITY_DAYS})
    contents = entries.order_by("started_at", "id").values_list("content", flat=True)
    region = lock_unit(volunteer.region)
    certificate = Certificate(
        number=next_number(Certificate, "number", f"ZM{region.code}{today.year}", NUMBER_DIGITS),
        volunteer=volunteer, region=region, period_start=period_start, period_end=period_end,
        hours=Decimal(totals["hours"]).quantize(CENT), entries=totals["count"], content=content_summary(contents),
        issuer=region.name,
        person_in_charge=person_in_charge[:50], contact=contact[:50], issued_on=today, issued_by=user)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # cannot happen while the unit is locked; refuse rather than reuse a number
        raise VolunteerError(_("The certificate number is taken; try again.")) from None
    audit_record(action="volunteer_certificate.issue", target=certificate, user=user,
                 changed_fields=["number", "volunteer", "period_start", "period_end", "hours"],
                 detail={"volunteer": volunteer.pk, "entries": totals["count"]})
    return certificate


def certificate_context(certificate: Certificate) -> dict:
    """What the certificate shows: the fields the rules name, the ID number masked."""
    volunteer = certificate.volunteer
    person = volunteer.person
    return {
        "certificate": certificate,
        "name": person.name,
        "id_type": person.get_id_type_display(),
        "id_number": mask_id_number(person.id_number),
        "volunteer_number": volunteer.number,
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF (A4, Chinese)."""
    import weasyprint  # imported here: loading it (Pango, fonts) costs time every page would pay

    with translation.override("zh-hans"):
        html = render_to_string("volunteers/certificate_pdf.html", certificate_context(certificate))
    return weasyprint.HTML(string=html).write_pdf()


def certificate_may_download(user, certificate: Certificate) -> bool:
    """The issuing unit's side (``volunteer_certificate.view``) or the volunteer themselves."""
    if access.can(user, "volunteer_certificate.view", certificate):
        return True
    return bool(user.is_authenticated and certificate.volunteer.person.user_id == user.pk)
