"""The demo (every table has rows, loading twice changes nothing), the export, home queues and reminders."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from projects.calls.models import Bid, Call, Criterion
from tests.helpers import C111, D1
from tests.projects.support import organization
from wuse.regions.importer import import_regions_text

from .support import bid, posted_call

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_demo_every_stage_and_twice_the_same():
    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))
    call_command("load_demo")
    first = (Call.objects.count(), Bid.objects.count(), Criterion.objects.count(),
             Call.objects.exclude(project=None).count())
    assert set(Call.objects.values_list("status", flat=True)) == {
        "draft", "posted", "shortlisted", "awarded", "published", "failed", "withdrawn"}
    assert first[3] == 2 and all(first)
    partners = Call.objects.filter(kind="partners")
    assert sorted(partners.values_list("status", flat=True)) == ["awarded", "posted"]
    assert not partners.exclude(project=None).exists() and partners.filter(winner__isnull=False).count() == 1
    call_command("load_demo")
    assert (Call.objects.count(), Bid.objects.count(), Criterion.objects.count(),
            Call.objects.exclude(project=None).count()) == first


@pytest.mark.django_db
def test_export_bids(people, client):
    org = organization("阳光社工", D1, member=people["member"])
    call = posted_call(people["staff"], C111)
    bid(people["member"], call, org)
    client.force_login(people["staff"])
    response = client.get(f"/calls/{call.pk}/bids.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).active
    assert sheet.cell(2, 1).value == "阳光社工"
    client.force_login(people["member"])
    assert client.get(f"/calls/{call.pk}/bids.xlsx").status_code == 403
    client.force_login(people["staff_other"])
    assert client.get(f"/calls/{call.pk}/bids.xlsx").status_code == 404


@pytest.mark.django_db
def test_home_queues_count(people, client):
    from projects.calls import selectors
    organization("阳光社工", D1, member=people["member"])
    posted_call(people["staff"], C111)
    assert selectors.open_for_members(people["member"]).count() == 1
    assert selectors.waiting_for_poster(people["staff"]).count() == 1
    assert selectors.waiting_for_poster(people["staff_other"]).count() == 0
    client.force_login(people["member"])
    assert client.get("/").status_code == 200


def test_reminder_rules_registered():
    from wuse.notify.rules import RULES
    keys = {r.key for r in (RULES.values() if isinstance(RULES, dict) else RULES)}
    assert {"calls.shortlist_pending", "calls.selection_pending"} <= keys
