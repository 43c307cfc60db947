"""Builders for the delivery tests: a project being delivered, files of every kind."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Project
from tests.helpers import D1

from ..support import fire, organization, ready_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def png(name="photo.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


def pdf(name="voucher.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def delivering(people, community: str, *, title="老年助餐", org=None, start=True, **plan_fields) -> Project:
    """A project undertaken by ``org`` (whose member is ``people["member"]``) and, with ``start``, in progress."""
    staff, officer = people["staff"], people["officer"]
    project = ready_project(staff, community, title=title, **plan_fields)
    project = fire(officer, fire(staff, project, "submit"), "approve_street")
    project = fire(staff, project, "publish")
    if org is None:
        org = organization(f"乐龄社工{project.pk}", D1, member=people["member"], credit_suffix=project.pk)
    project = services.project_undertake(user=staff, project=project, organization=org)
    if start:
        project = fire(staff, project, "start")
    return Project.objects.get(pk=project.pk)


def yesterday() -> dt.date:
    return dt.date.today() - dt.timedelta(days=1)
