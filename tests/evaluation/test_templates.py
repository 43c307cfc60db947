"""Indicator templates: the default one (DOMAIN.md §8), refusals of templates that do not add up, versioning (a
version in use is never changed; the edit becomes the next version and evaluations keep theirs), copy to next
year, the district's template overriding the city's, who may manage them."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from evaluation import services
from evaluation.defaults import default_template_data
from evaluation.errors import EvaluationError
from evaluation.models import Dimension, SubIndicator, TemplateFamily, TemplateVersion
from tests.helpers import CITY, D1, D2
from tests.projects.support import YEAR
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db


def _weights(data):
    return {d.code: d.weight for d in data.dimensions}


def test_the_default_template_follows_the_guideline(template):
    assert template.number == 1
    dims = {d.code: d for d in template.dimensions_with_indicators()}
    assert {code: d.weight for code, d in dims.items()} == {
        "management": 20, "finance": 20, "quality": 25, "impact": 20, "satisfaction": 15}
    for dimension in dims.values():  # each dimension's points add up to its weight
        assert sum(i.max_score for i in dimension.indicators.all()) == dimension.weight
    headcount = SubIndicator.objects.get(dimension__version=template, figure="headcount")
    assert "≥100%" in headcount.guidance and "≥80%" in headcount.guidance and "≥60%" in headcount.guidance
    assert template.rule() == {"self": 0, "street": 40, "third_party": 60}
    assert template.bands() == (("excellent", 90), ("good", 80), ("pass", 60))


def test_weights_not_adding_up_to_100_are_refused_with_a_chinese_message(people):
    data = default_template_data()
    data.dimensions[0].weight = Decimal("21")
    with pytest.raises(ValidationError) as refused:
        services.template_create(user=people["city"], region=Region.objects.get(code=CITY), year=YEAR, name="t",
                                 data=data)
    assert "not 100" in refused.value.message_dict["weights"][0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused_zh:
        services.check_template(data)
    assert "100" in refused_zh.value.message_dict["weights"][0]
    assert not TemplateFamily.objects.exists()


@pytest.mark.parametrize(("change", "key"), [
    (lambda d: d.dimensions.pop(), "dimensions"),
    (lambda d: d.dimensions[1].indicators.clear(), "indicators"),
    (lambda d: setattr(d.dimensions[1].indicators[0], "max_score", Decimal("2.25")), "indicators"),
    (lambda d: setattr(d.dimensions[1].indicators[0], "max_score", Decimal("0")), "indicators"),
    (lambda d: setattr(d.dimensions[1].indicators[0], "name", " "), "indicators"),
    (lambda d: setattr(d.dimensions[1].indicators[0], "figure", "nonsense"), "indicators"),
    (lambda d: d.rule.update(street=Decimal("30")), "rule"),
    (lambda d: d.rule.pop("self"), "rule"),
    (lambda d: setattr(d, "bands", (Decimal("80"), Decimal("90"), Decimal("60"))), "bands"),
])
def test_templates_that_do_not_add_up_are_refused(change, key):
    data = default_template_data()
    change(data)
    with pytest.raises(ValidationError) as refused:
        services.check_template(data)
    assert key in refused.value.message_dict


def test_a_version_in_use_is_never_changed_the_edit_becomes_the_next_version(people, project, template):
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    assert evaluation.template == template
    before = [(i.pk, i.name, i.max_score) for i in SubIndicator.objects.filter(dimension__version=template)]
    data = services.TemplateData.of(template)
    data.dimensions[0].indicators[0] = dataclasses.replace(data.dimensions[0].indicators[0], name="进度管理")
    new = services.template_save(user=people["city"], version=template, data=data)
    assert new.number == 2 and new.pk != template.pk
    assert [(i.pk, i.name, i.max_score) for i in SubIndicator.objects.filter(dimension__version=template)] == before
    evaluation.refresh_from_db()
    assert evaluation.template_id == template.pk  # the evaluation keeps the version it is scored with
    assert services.template_for(project) == new  # a new evaluation would take the new one
    # Editing the old version again is refused: the latest is the one to edit.
    with pytest.raises(EvaluationError, match="latest"):
        services.template_save(user=people["city"], version=template, data=data)
    assert AuditEntry.objects.filter(action="evaluation_template.save").exists()


def test_an_unused_version_is_edited_in_place(people, template):
    data = services.TemplateData.of(template)
    data.rule = {"self": Decimal("0"), "street": Decimal("50"), "third_party": Decimal("50")}
    saved = services.template_save(user=people["city"], version=template, data=data)
    assert saved.pk == template.pk and TemplateVersion.objects.count() == 1
    assert saved.rule()["street"] == 50
    assert Dimension.objects.filter(version=template).count() == 5
    # Saving the same template again changes nothing.
    assert services.template_save(user=people["city"], version=saved, data=data).pk == template.pk


def test_copy_to_next_year_and_district_override(people, project, template):
    city = template.family
    copied = services.template_copy_next_year(user=people["city"], family=city)
    assert copied.family.year == YEAR + 1 and copied.number == 1 and copied.family.copied_from == city
    assert services.TemplateData.of(copied).as_comparable() == services.TemplateData.of(template).as_comparable()
    with pytest.raises(EvaluationError):
        services.template_copy_next_year(user=people["city"], family=city)
    # The district's own template of the year overrides the city's for its projects.
    assert services.template_for(project) == template
    own = services.template_create(user=people["reviewer"], region=Region.objects.get(code=D1), year=YEAR,
                                   name="区指标", data=default_template_data())
    assert services.template_for(project) == own


def test_who_manages_templates(people):
    data = default_template_data()
    with pytest.raises(PermissionDenied):  # another district's
        services.template_create(user=people["reviewer_other"], region=Region.objects.get(code=D1), year=YEAR,
                                 name="x", data=data)
    with pytest.raises(PermissionDenied):  # the district does not set the city's
        services.template_create(user=people["reviewer"], region=Region.objects.get(code=CITY), year=YEAR,
                                 name="x", data=data)
    for name in ("officer", "staff", "evaluator", "member"):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.template_create(user=people[name], region=Region.objects.get(code=D2), year=YEAR, name="x",
                                     data=data)


def test_templates_are_seen_by_their_units_and_the_units_below(people, template):
    from wuse.access import api as access

    district = services.template_create(user=people["reviewer"], region=Region.objects.get(code=D1), year=YEAR,
                                        name="区指标", data=default_template_data())
    seen = {name: set(access.scoped(people[name], "evaluation_template.view", TemplateFamily.objects.all()))
            for name in ("city", "reviewer", "reviewer_other", "officer", "staff", "evaluator", "member")}
    assert seen["city"] == {template.family, district.family}
    assert seen["reviewer"] == seen["officer"] == seen["staff"] == {template.family, district.family}
    assert seen["reviewer_other"] == {template.family}
    assert seen["evaluator"] == seen["member"] == set()
