"""志愿服务记录证明: only verified services publicised for 7 days count; refused when there are none;
numbers are unique and sequential per community and year; only the keeping community issues; the PDF
(WeasyPrint, Noto CJK) carries the name, the masked ID number and the hours; who may download it;
the volunteer's own page."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.registry.people.models import Person
from wuse.registry.volunteers import certificate as cert
from wuse.registry.volunteers.models import Certificate
from wuse.registry.volunteers.services import VolunteerError, entry_reject, entry_verify
from wuse.registry.volunteers.skills import ensure_default_skills

from ..helpers import C111, C112, D1, S11, make_user, require
from .volunteer_support import points_scheme, record, register


@pytest.fixture
def staff(tree):
    ensure_default_skills()
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def verifier(tree):
    return make_user("verifier", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def volunteer(staff):
    return register(staff, "王秀英")


def today() -> dt.date:
    return timezone.localdate()


def verified(staff, verifier, volunteer, *, days_ago, start=(9, 0), end=(13, 0), content="探访独居老人", region=C111):
    [entry] = record(staff, volunteer, days_ago=days_ago, start=start, end=end, content=content, region=region)
    return entry_verify(user=verifier, entry=entry)


def issue(user, volunteer, start=None, end=None):
    return cert.certificate_issue(user=user, volunteer=volunteer, period_start=start or today() - dt.timedelta(days=60),
                                  period_end=end or today(), person_in_charge="林主任", contact="0571-87960000")


def later(days: int):
    """Travel ``days`` ahead (the publicity period passes)."""
    return time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=False)


def pdf_text(pdf: bytes, certificate) -> str:
    """The PDF's text: pdftotext, or pypdf, or else WeasyPrint's layout of the same HTML."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    try:
        from pypdf import PdfReader
    except ImportError:
        import weasyprint

        with translation.override("zh-hans"):
            html = render_to_string("volunteers/certificate_pdf.html", cert.certificate_context(certificate))
        document = weasyprint.HTML(string=html).render()
        return "".join(box.text for page in document.pages for box in page._page_box.descendants()
                       if hasattr(box, "text"))
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- the rule -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_nothing_to_certify_is_refused_and_writes_nothing(staff, verifier, volunteer):
    record(staff, volunteer, days_ago=20)  # recorded, never verified
    with translation.override("en"), pytest.raises(VolunteerError, match="publicised for 7 days"):
        issue(staff, volunteer)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="volunteer_certificate.issue").exists()


@pytest.mark.django_db
def test_services_count_only_seven_days_after_verification(staff, verifier, volunteer):
    assert cert.PUBLICITY_DAYS == 7
    verified(staff, verifier, volunteer, days_ago=30)  # verified today, though it took place a month ago
    with pytest.raises(VolunteerError):
        issue(staff, volunteer)
    with later(6), pytest.raises(VolunteerError):
        issue(staff, volunteer)
    with later(7):
        certificate = issue(staff, volunteer)
    assert certificate.hours == Decimal("4.00") and certificate.entries == 1


@pytest.mark.django_db
def test_the_certificate_counts_verified_publicised_services_of_the_period(staff, verifier, volunteer):
    verified(staff, verifier, volunteer, days_ago=40, content="探访独居老人")
    verified(staff, verifier, volunteer, days_ago=35, start=(14, 0), end=(16, 30), content="上门理发")
    verified(staff, verifier, volunteer, days_ago=33, content="探访独居老人")
    verified(staff, verifier, volunteer, days_ago=90, content="不在期间内")
    [rejected] = record(staff, volunteer, days_ago=34, content="被驳回")
    entry_reject(user=verifier, entry=rejected, reason="重复登记")
    record(staff, volunteer, days_ago=32, content="待核实")
    start, end = today() - dt.timedelta(days=45), today() - dt.timedelta(days=1)
    with later(8):
        certificate = issue(staff, volunteer, start=start, end=end)
    assert (certificate.entries, certificate.hours) == (3, Decimal("10.50"))
    assert certificate.content == "探访独居老人；上门理发"
    assert certificate.issuer == "社区410101001001" and certificate.region_id == C111
    assert certificate.person_in_charge == "林主任" and certificate.issued_by == staff
    assert AuditEntry.objects.filter(action="volunteer_certificate.issue", object_id=str(certificate.pk)).exists()


@pytest.mark.django_db
def test_a_bad_period_is_refused(staff, verifier, volunteer):
    verified(staff, verifier, volunteer, days_ago=30)
    with later(8):
        with pytest.raises(VolunteerError):
            issue(staff, volunteer, start=today(), end=today() - dt.timedelta(days=5))
        with pytest.raises(VolunteerError):
            issue(staff, volunteer, end=today() + dt.timedelta(days=1))
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_numbers_are_sequential_per_community_and_year_and_unique(staff, verifier, volunteer):
    verified(staff, verifier, volunteer, days_ago=30)
    other_staff = make_user("other", Role.COMMUNITY_STAFF, C112)
    other = register(other_staff, "李建国", region=C112)
    verified(other_staff, make_user("other2", Role.COMMUNITY_STAFF, C112), other, days_ago=30, region=C112)
    with later(8):
        first, second = issue(staff, volunteer), issue(staff, volunteer)
        elsewhere = issue(other_staff, other)
    year = first.issued_on.year
    assert [first.number, second.number] == [f"ZM{C111}{year}0001", f"ZM{C111}{year}0002"]
    assert elsewhere.number == f"ZM{C112}{year}0001" and elsewhere.issuer == "社区410101001002"
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(number=first.number, volunteer=volunteer, region_id=C111, period_start=today(),
                                   period_end=today(), hours=1, entries=1, content="x", issuer="x",
                                   person_in_charge="x", contact="x", issued_by=staff)
    assert Certificate.objects.count() == 3


@pytest.mark.django_db
def test_only_the_keeping_community_issues(client, staff, verifier, volunteer):
    verified(staff, verifier, volunteer, days_ago=30)
    for role, unit in ((Role.STREET_OFFICER, S11), (Role.DISTRICT_REVIEWER, D1), (Role.COMMUNITY_STAFF, C112)):
        with later(8), pytest.raises(PermissionDenied):
            issue(make_user(f"u{role}{unit}", role, unit), volunteer)
    client.force_login(make_user("officer", Role.STREET_OFFICER, S11))
    data = {"cert-period_start": "2020-01-01", "cert-period_end": today().isoformat(),
            "cert-person_in_charge": "林主任", "cert-contact": "0571-87960000"}
    assert client.post(f"/registry/volunteers/{volunteer.pk}/certificates/issue/", data).status_code == 403
    with later(8):
        client.force_login(staff)  # a new session: the 8-hour limit ended the first
        response = client.post(f"/registry/volunteers/{volunteer.pk}/certificates/issue/", data)
    assert response.status_code == 302 and Certificate.objects.count() == 1


# --- the PDF --------------------------------------------------------------------------------

@pytest.fixture
def issued(staff, verifier, volunteer):
    verified(staff, verifier, volunteer, days_ago=30)
    verified(staff, verifier, volunteer, days_ago=20, start=(14, 0), end=(16, 30), content="上门理发")
    with later(8):
        return issue(staff, volunteer)


@pytest.mark.django_db
def test_the_pdf_carries_the_name_the_masked_id_number_and_the_hours(issued, volunteer):
    pdf = cert.certificate_pdf(issued)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, issued)
    squeezed = re.sub(r"\s+", "", text)
    assert "王秀英" in squeezed and "6.50" in squeezed and issued.number in squeezed
    assert volunteer.number in squeezed
    full = volunteer.person.id_number
    assert full not in squeezed and f"{full[:3]}***********{full[-4:]}" in squeezed


@pytest.mark.django_db
def test_the_pdf_embeds_a_cjk_font(issued):
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    require("Noto Serif CJK" in fonts or "Noto Sans CJK" in fonts, "needs Debian fonts-noto-cjk")
    import weasyprint

    with translation.override("zh-hans"):
        html = render_to_string("volunteers/certificate_pdf.html", cert.certificate_context(issued))
    pdf = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC", pdf)


@pytest.mark.django_db
def test_who_may_download_the_pdf(client, issued, volunteer):
    url = f"/registry/volunteers/certificates/{issued.pk}/pdf/"
    for role, unit, status in ((Role.COMMUNITY_STAFF, C111, 200), (Role.STREET_OFFICER, S11, 200),
                               (Role.COMMUNITY_STAFF, C112, 404), (Role.VOLUNTEER, C111, 404),
                               (Role.ORG_MEMBER, D1, 404)):
        client.force_login(make_user(f"d{role}{unit}", role, unit))
        response = client.get(url)
        assert response.status_code == status, (role, unit)
        if status == 200:
            assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    own = make_user("own", Role.VOLUNTEER, C111)
    Person.objects.filter(pk=volunteer.person_id).update(user=own)
    client.force_login(own)
    assert client.get(url).status_code == 200


# --- the volunteer's own page -----------------------------------------------------------------

@pytest.mark.django_db
def test_my_volunteer_record_shows_only_my_own(client, staff, verifier, volunteer, issued):
    points_scheme(D1)
    someone = register(staff, "李建国")
    verified(staff, verifier, someone, days_ago=5)
    own = make_user("own", Role.VOLUNTEER, C111)
    Person.objects.filter(pk=volunteer.person_id).update(user=own)
    client.force_login(own)
    context = client.get("/registry/volunteers/me/").context
    assert context["volunteer"] == volunteer
    assert {e.volunteer_id for e in context["entries"]} == {volunteer.pk}
    assert context["certificates"] == [issued] and context["hours"]["verified"] == Decimal("6.50")
    assert client.get(f"/registry/volunteers/{volunteer.pk}/").status_code == 404  # the staff pages stay closed
    assert client.get("/registry/volunteers/").status_code == 403
    unlinked = make_user("unlinked", Role.VOLUNTEER, C111)
    client.force_login(unlinked)
    response = client.get("/registry/volunteers/me/")
    assert response.status_code == 200 and response.context["volunteer"] is None
    client.force_login(staff)
    assert client.get("/registry/volunteers/me/").status_code == 403
