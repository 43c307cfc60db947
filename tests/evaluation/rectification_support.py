"""Builders shared by the rectification tests: an evaluation scored, submitted (and closed) with findings, a
rectification of it, evidence files by their bytes."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluation import services as evaluation_services
from evaluation.models import Evaluation
from evaluation.rectification import services

from .support import all_scores, set_up

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
FINDINGS = {"third_party": "台账不完整；留样记录缺失。", "street": "回访未覆盖独居老人。"}


def upload(name: str = "evidence.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def submitted_evaluation(people, project, shares=None) -> Evaluation:
    """The final evaluation of ``project`` scored by the third party and the street, with findings, submitted."""
    shares = shares or {"third_party": "0.9", "street": "0.85"}
    evaluation, parts, who = set_up(people, project)
    for kind, share in shares.items():
        evaluation_services.scores_save(user=who[kind], assignment=parts[kind], values=all_scores(evaluation, share),
                                        findings=FINDINGS[kind])
        evaluation_services.assignment_submit(user=who[kind], assignment=parts[kind])
    return Evaluation.objects.get(pk=evaluation.pk)


def closed_evaluation(people, project, shares=None) -> Evaluation:
    evaluation = submitted_evaluation(people, project, shares)
    return evaluation_services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")


def deadline(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def rectify(people, evaluation, *, by: str = "officer", days: int = 30, **extra):
    data = {"finding": "台账不完整", "action": "补齐三月以来的签到记录", "deadline": deadline(days)}
    data.update(extra)
    return services.rectification_create(user=people[by], evaluation=evaluation, **data)
