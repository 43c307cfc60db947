"""The residents' satisfaction survey: the indices' arithmetic and the minimum sample, one response per device, the
rate limit against a flood, a closed survey, hostile input, who may see and run it, a constant number of queries on
the staff page, and the figure the default template's satisfaction sub-indicator draws on."""

import re
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation import services
from evaluation.defaults import default_template_data
from evaluation.figures import project_figures
from evaluation.models import SatisfactionResponse, SatisfactionSurvey, Score
from evaluation.models.satisfaction import INDICES, ITEMS
from evaluation.services.satisfaction import check_answers, clean_comment, index_score, results_from
from tests.helpers import C111
from tests.projects.support import ready_project
from wuse.audit.models import AuditEntry
from wuse.public import device

from ..projects.test_demo_projects import demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

VALID = {"content": "5", "attitude": "4", "results": "4", "improved": "3", "solved": "", "took_part": "2",
         "consulted": "1", "comment": "电梯很好用"}


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Rate-limit counters in a cache of this test's own (a shared Redis, if configured, is left alone)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"satisfaction-test-{uuid.uuid4()}"}}
    settings.LANGUAGE_CODE = "en"  # pages matched by their English wording (no language asked by the test client)
    yield
    cache.clear()


@pytest.fixture
def survey(people, project):
    return services.survey_open(user=people["officer"], project=project)


def url(survey) -> str:
    return f"/public/evaluations/s/{survey.public_token}/"


def staff_url(project) -> str:
    return f"/evaluations/satisfaction/{project.pk}/"


def answer(survey, n: int, **values) -> SatisfactionResponse:
    """A response as from the ``n``-th device, every required item answered (4 unless given)."""
    answers = {item.field: values.get(item.field, 4 if item.required else None) for item in ITEMS}
    return services.response_record(survey=survey, answers=answers, comment=values.get("comment", ""),
                                     device_token=f"device-{n}")


def phone(ip: str = "127.0.0.1") -> Client:
    return Client(REMOTE_ADDR=ip)


# --- the arithmetic --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "answers", "score"), [
    (15, 3, Decimal("100.0")),  # all 5
    (3, 3, Decimal("0.0")),  # all 1
    (12, 3, Decimal("75.0")),  # mean 4
    (13, 3, Decimal("83.3")),  # mean 4.333… → 83.33… → 83.3
    (29, 8, Decimal("65.6")),  # mean 3.625 → 65.625 → 65.6 (half up at the second decimal: 65.625 → 65.6)
    (23, 8, Decimal("46.9")),  # mean 2.875 → 46.875 → 46.9
    (0, 0, None),  # no answers: no score
])
def test_an_index_is_the_mean_scaled_to_100(total, answers, score):
    assert index_score(total, answers) == score


def test_the_indices_group_their_items_and_leave_blank_answers_out():
    row = {"n": 2, "content_sum": 10, "content_n": 2, "attitude_sum": 8, "attitude_n": 2, "results_sum": 6,
           "results_n": 2, "improved_sum": 4, "improved_n": 2, "solved_sum": 5, "solved_n": 1,
           "took_part_sum": 2, "took_part_n": 2, "consulted_sum": None, "consulted_n": 0}
    results = results_from(row, minimum=2)
    scores = {index.code: index.score for index in results.indices}
    # 满意度 (10 + 8 + 6) / 6 = 4 → 75; 获得感 (4 + 5) / 3 = 3 → 50; 参与度 2 / 2 = 1 → 0
    assert scores == {"satisfaction": Decimal("75.0"), "gain": Decimal("50.0"), "participation": Decimal("0.0")}
    gain = next(index for index in results.indices if index.code == "gain")
    assert gain.answers == 3 and [mean for _question, mean in gain.items] == [Decimal("2.0"), Decimal("5.0")]
    assert results.counts and results.score == Decimal("75.0")
    assert [index.code for index in INDICES] == ["satisfaction", "gain", "participation"]
    assert all("(mean − 1) ÷ 4 × 100" in index.definition for index in results.indices)


def test_the_score_counts_only_from_the_minimum_sample():
    row = {"n": 29, "content_sum": 29 * 5, "content_n": 29, "attitude_sum": 29 * 5, "attitude_n": 29,
           "results_sum": 29 * 5, "results_n": 29}
    short = results_from(row, minimum=30)
    assert not short.counts and short.score is None and short.satisfaction == Decimal("100.0")
    assert short.state == "Not enough responses yet: 29 of 30."
    enough = results_from({**row, "n": 30}, minimum=30)
    assert enough.counts and enough.score == Decimal("100.0") and enough.state.startswith("Counts: 30 responses")
    empty = results_from({"n": 0}, minimum=1)
    assert not empty.counts and empty.satisfaction is None


def test_the_results_are_one_aggregate_query(people, survey):
    for n, value in enumerate((5, 3, 1)):
        answer(survey, n, content=value, attitude=value, results=value)
    with CaptureQueriesContext(connection) as queries:
        results = services.survey_results(survey)
    assert len(queries) == 1
    assert results.responses == 3 and results.satisfaction == Decimal("50.0") and not results.counts


# --- the survey's life -----------------------------------------------------------------------------------------


def test_the_street_opens_and_closes_the_survey_audited(people, project):
    survey = services.survey_open(user=people["officer"], project=project)
    assert survey.is_open and survey.min_responses == 30 and len(survey.public_token) >= 16
    assert survey.region_id == project.region_id
    with pytest.raises(services.satisfaction.EvaluationError, match="already open"):
        services.survey_open(user=people["reviewer"], project=project)
    services.survey_close(user=people["reviewer"], survey=survey)
    survey.refresh_from_db()
    assert not survey.is_open and survey.closed_at is not None
    token = survey.public_token
    survey = services.survey_open(user=people["officer"], project=project)  # reopened: the same link
    assert survey.is_open and survey.closed_at is None and survey.public_token == token
    actions = list(AuditEntry.objects.filter(object_type="evaluation.satisfactionsurvey").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["satisfaction.open", "satisfaction.close", "satisfaction.reopen"]


def test_who_may_open_and_when(people, project):
    from django.core.exceptions import PermissionDenied

    for who in ("staff", "officer_other", "reviewer_other", "member", "evaluator"):
        with pytest.raises(PermissionDenied):
            services.survey_open(user=people[who], project=project)
    draft = ready_project(people["staff"], C111, title="社区助餐")
    with pytest.raises(services.satisfaction.EvaluationError, match="opens once the project is undertaken"):
        services.survey_open(user=people["officer"], project=draft)
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize("value", [0, 1001, "30", 2.5, True, None])
def test_the_minimum_is_a_whole_number_within_bounds(people, survey, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.survey_set_minimum(user=people["reviewer"], survey=survey, min_responses=value)
    survey.refresh_from_db()
    assert survey.min_responses == 30
    assert services.survey_set_minimum(user=people["reviewer"], survey=survey, min_responses=5).min_responses == 5


# --- the public page -------------------------------------------------------------------------------------------


def test_a_resident_answers_on_a_phone_and_nothing_personal_is_kept(people, project, survey, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the residents' page in its default language
    client = phone()
    page = client.get(url(survey))
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "same-origin"
    assert project.title in html and "非常满意" in html and "很不满意" in html  # the scale's ends, labelled in Chinese
    assert html.count('class="btn-check"') == 5 * len(ITEMS) + 1  # radio buttons 1–5, and "does not apply"
    for staff_data in ("/evaluations/", "/projects/", "/audit/", "officer", "example.test", project.code,
                       "乐龄社工"):
        assert staff_data not in html, staff_data
    cookie = client.cookies[device.COOKIE].value
    response = client.post(url(survey), VALID)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and project.title in thanks.content.decode()
    saved = SatisfactionResponse.objects.get()
    assert (saved.content, saved.attitude, saved.results, saved.improved, saved.solved, saved.took_part,
            saved.consulted, saved.comment) == (5, 4, 4, 3, None, 2, 1, "电梯很好用")
    assert saved.device == device.keyed_hash("satisfaction", cookie) and cookie not in saved.device
    entry = AuditEntry.objects.get(action="satisfaction.respond")
    assert entry.user_id is None and "电梯" not in str(entry.detail) and "comment" in entry.changed_fields


def test_one_response_per_device(people, survey):
    client = phone()
    client.get(url(survey))
    assert client.post(url(survey), VALID).status_code == 302
    again = client.post(url(survey), {**VALID, "content": "1"})
    assert again.status_code == 200 and 'data-testid="already-answered"' in again.content.decode()
    assert "already answered" in again.content.decode()
    assert client.get(url(survey)).content.decode().count('data-testid="already-answered"') == 1
    assert SatisfactionResponse.objects.count() == 1 and SatisfactionResponse.objects.get().content == 5
    other = phone()  # another phone on the same network answers
    other.get(url(survey))
    assert other.post(url(survey), VALID).status_code == 302
    assert SatisfactionResponse.objects.count() == 2


def test_the_database_refuses_a_second_response_of_a_device(survey):
    answer(survey, 1)
    with pytest.raises(services.AlreadyAnswered):
        answer(survey, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SatisfactionResponse.objects.create(survey=survey, content=3, attitude=3, results=3, improved=3,
                                            took_part=3, consulted=3,
                                            device=device.keyed_hash("satisfaction", "device-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        SatisfactionResponse.objects.create(survey=survey, content=6, attitude=3, results=3, improved=3,
                                            took_part=3, consulted=3, device="x" * 64)
    assert SatisfactionResponse.objects.count() == 1


def test_a_post_without_the_device_cookie_is_sent_back_with_the_answers_kept(survey):
    client = phone()
    response = client.post(url(survey), VALID)  # never opened the page: no cookie yet
    html = response.content.decode()
    assert response.status_code == 400 and "device cookie" in html and "电梯很好用" in html
    assert not SatisfactionResponse.objects.exists()
    assert client.post(url(survey), VALID).status_code == 302  # the refusal set the cookie


def test_a_flood_from_one_network_gets_429_with_retry_after_and_nothing_saved(settings, survey):
    settings.SURVEY_PUBLIC_LIMIT_PER_HOUR = 3
    for n in range(3):
        client = phone()
        client.get(url(survey))
        assert client.post(url(survey), VALID).status_code == 302, n
    client = phone()
    client.get(url(survey))
    refused = client.post(url(survey), VALID)
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "电梯很好用" in refused.content.decode() and "Please try again later" in refused.content.decode()
    assert SatisfactionResponse.objects.count() == 3
    elsewhere = phone("10.9.8.7")
    elsewhere.get(url(survey))
    assert elsewhere.post(url(survey), VALID).status_code == 302  # per network address
    assert SatisfactionResponse.objects.count() == 4


def test_a_flood_of_repeats_from_one_device_ends_in_429(settings, survey):
    settings.SURVEY_PUBLIC_LIMIT_PER_HOUR = 3
    client = phone()
    client.get(url(survey))
    statuses = [client.post(url(survey), VALID).status_code for _ in range(6)]
    assert statuses == [302, 200, 200, 429, 429, 429]  # saved, "already answered" twice, then refused
    assert SatisfactionResponse.objects.count() == 1


def test_a_closed_survey_answers_410_with_the_date(people, survey):
    client = phone()
    client.get(url(survey))
    services.survey_close(user=people["officer"], survey=survey)
    survey.refresh_from_db()
    page = client.get(url(survey))
    # the page gives the local date (Asia/Shanghai), a day ahead of UTC from 16:00 UTC
    assert page.status_code == 410 and timezone.localtime(survey.closed_at).date().isoformat() in page.content.decode()
    late = client.post(url(survey), VALID)
    assert late.status_code == 410 and 'data-testid="unavailable"' in late.content.decode()
    assert not SatisfactionResponse.objects.exists()
    with pytest.raises(services.SurveyClosed):
        answer(survey, 9)
    assert client.get("/public/evaluations/s/nosuchtoken123/").status_code == 404
    assert client.get("/public/evaluations/s/../").status_code == 404


JUNK = [
    ({"content": "0"}, "content"), ({"content": "6"}, "content"), ({"attitude": "abc"}, "attitude"),
    ({"results": "2.5"}, "results"), ({"improved": ["1", "5"]}, "improved"), ({"took_part": "\x00"}, "took_part"),
    ({"consulted": ""}, "consulted"), ({"content": "٣"}, "content"), ({"solved": "-1"}, "solved"),
    ({"comment": "长" * 10_000}, "comment"), ({"comment": "a\x00b"}, "comment"),
]


@pytest.mark.parametrize(("junk", "field"), JUNK)
def test_junk_values_get_field_errors_and_nothing_is_saved(survey, junk, field):
    client = phone()
    client.get(url(survey))
    response = client.post(url(survey), {**VALID, **junk})
    assert response.status_code == 400
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert not SatisfactionResponse.objects.exists()


@pytest.mark.parametrize("raw", [0, 6, True, 2.5, "abc", [3], {"a": 1}, "2.5", " "])
def test_the_service_refuses_off_scale_values_itself(survey, raw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        check_answers({**{item.field: 3 for item in ITEMS}, "content": raw})
    assert set(refused.value.message_dict) == {"content"}
    assert check_answers({**{item.field: "4" for item in ITEMS}, "solved": ""})["solved"] is None


def test_the_free_text_is_cleaned_and_capped(survey):
    from django.core.exceptions import ValidationError

    assert clean_comment("  第一行\r\n第二行\x07\x1b[31m\u202e反向\t!  ") == "第一行\n第二行[31m反向\t!"
    with pytest.raises(ValidationError):
        answer(survey, 1, comment="很" * 501)
    assert answer(survey, 2, comment="好" * 500).comment == "好" * 500


# --- the staff page --------------------------------------------------------------------------------------------


def test_the_staff_page_shows_the_link_qr_results_and_definitions(people, project, client):
    client.force_login(people["officer"])
    page = client.get(staff_url(project))
    assert page.status_code == 200 and 'data-testid="no-survey"' in page.content.decode()
    assert client.post(f"{staff_url(project)}open/").status_code == 302
    survey = SatisfactionSurvey.objects.get()
    for n in range(3):
        answer(survey, n, content=5, attitude=5, results=4, comment=f"意见{n}")
    html = client.get(staff_url(project)).content.decode()
    assert url(survey) in html and 'data-testid="qr"' in html and "<svg" in html
    assert 'data-testid="score-satisfaction">91.7<' in html  # (5 + 5 + 4) / 3 = 4.667 → 91.7
    assert "Not enough responses yet: 3 of 30." in html
    assert html.count("shown as (mean − 1) ÷ 4 × 100") == 2 and "shown as a percentage: (mean − 1) ÷ 4 × 100" in html
    assert all(f'data-testid="index-{index.code}"' in html for index in INDICES)
    assert "意见0" in html and "意见2" in html
    qr = client.get(f"{staff_url(project)}qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and "attachment" in qr["Content-Disposition"]
    assert client.post(f"{staff_url(project)}minimum/", {"min_responses": "3"}).status_code == 302
    assert "Counts: 3 responses" in client.get(staff_url(project)).content.decode()
    bad = client.post(f"{staff_url(project)}minimum/", {"min_responses": "0"})
    assert bad.status_code == 400 and 'data-testid="minimum-error"' in bad.content.decode()
    assert client.post(f"{staff_url(project)}close/").status_code == 302
    closed = client.get(staff_url(project)).content.decode()
    assert 'data-testid="closed-at"' in closed and 'data-testid="qr"' not in closed


def test_the_written_answers_are_paginated(people, project, survey, client):
    for n in range(25):
        answer(survey, n, comment=f"第{n:02d}条")
    client.force_login(people["reviewer"])
    first = client.get(staff_url(project)).content.decode()
    second = client.get(staff_url(project) + "?page=2").content.decode()
    assert "第24条" in first and "第00条" not in first
    assert "第00条" in second and "第24条" not in second
    assert client.get(staff_url(project) + "?page=abc").status_code == 200


def test_other_units_get_404_and_those_without_the_right_403(people, project, survey, client):
    for who in ("reviewer_other", "officer_other"):  # another district's reviewer, another street's officer
        client.force_login(people[who])
        assert client.get(staff_url(project)).status_code == 404
        assert client.post(f"{staff_url(project)}close/").status_code == 404
        assert client.get(f"{staff_url(project)}qr.svg").status_code == 404
    client.force_login(people["member"])  # sees the project as the undertaker's member, not its survey
    assert client.get(staff_url(project)).status_code == 403
    client.force_login(people["staff"])  # the community sees the results, may not close
    assert client.get(staff_url(project)).status_code == 200
    assert client.post(f"{staff_url(project)}close/").status_code == 403
    assert client.post(f"{staff_url(project)}minimum/", {"min_responses": "1"}).status_code == 403
    client.force_login(people["reviewer"])
    assert client.get("/evaluations/satisfaction/999999/").status_code == 404
    survey.refresh_from_db()
    assert survey.is_open and survey.min_responses == 30


def test_the_assigned_third_party_evaluator_sees_the_results(people, project, survey, client):
    from .support import set_up

    client.force_login(people["evaluator"])
    assert client.get(staff_url(project)).status_code == 404  # not assigned: the project is out of reach
    set_up(people, project, kinds=("third_party",))
    page = client.get(staff_url(project))
    assert page.status_code == 200 and 'data-testid="survey-actions"' not in page.content.decode()
    client.force_login(people["evaluator_other"])
    assert client.get(staff_url(project)).status_code == 404


def test_the_staff_page_costs_the_same_queries_with_1_or_50_responses(people, project, survey, client):
    client.force_login(people["reviewer"])
    answer(survey, 0, comment="第一条")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(staff_url(project)).status_code == 200
        return len(captured.captured_queries)

    queries()  # warm the per-process caches
    one = queries()
    for n in range(1, 50):
        answer(survey, n, comment=f"意见{n}")
    assert queries() == one


def test_the_evaluation_page_links_to_the_survey(people, project, client):
    from .support import set_up

    evaluation, _parts, _who = set_up(people, project, kinds=("street",))
    client.force_login(people["reviewer"])
    html = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert f'href="{staff_url(project)}"' in html


# --- the figure feeding the template -----------------------------------------------------------------------------


def test_the_default_template_draws_its_satisfaction_indicator_on_the_survey():
    dimension = next(d for d in default_template_data().dimensions if d.code == "satisfaction")
    assert [i.figure for i in dimension.indicators] == ["satisfaction"]
    assert sum(d.weight for d in default_template_data().dimensions) == 100


def test_the_figure_counts_only_from_the_minimum_sample(people, project, template):
    indicator = next(i for d in template.dimensions_with_indicators() for i in d.indicators.all()
                     if i.figure == "satisfaction")
    assert indicator.max_score == Decimal("15")
    figures = project_figures(project)
    assert figures.pair("satisfaction") == (None, Decimal("100")) and figures.suggested(indicator) is None
    assert figures.note("satisfaction") == "No satisfaction survey has been opened for this project."
    survey = services.survey_open(user=people["officer"], project=project)
    answer(survey, 1, content=5, attitude=5, results=5)
    answer(survey, 2, content=4, attitude=4, results=3)
    figures = project_figures(project)
    assert figures.pair("satisfaction")[0] is None and figures.note("satisfaction") == \
        "Not enough responses yet: 2 of 30."
    services.survey_set_minimum(user=people["reviewer"], survey=survey, min_responses=2)
    figures = project_figures(project)
    # (5 + 5 + 5 + 4 + 4 + 3) / 6 = 4.333 → 83.3 %; 15 × 83.3 % = 12.495 → 12.5 points
    assert figures.pair("satisfaction") == (Decimal("83.3"), Decimal("100"))
    assert figures.suggested(indicator) == Decimal("12.5") and figures.note("satisfaction") == ""
    assert figures.suggestion(indicator) == "in proportion to the survey score: 12.5 points"
    assert figures.note("headcount") == ""


def test_the_scoring_page_shows_the_survey_figure(people, project, client):
    from .support import set_up

    survey = services.survey_open(user=people["officer"], project=project)
    services.survey_set_minimum(user=people["officer"], survey=survey, min_responses=1)
    answer(survey, 1, content=5, attitude=5, results=5)
    evaluation, _parts, _who = set_up(people, project, kinds=("third_party",))
    client.force_login(people["evaluator"])
    html = client.get(f"/evaluations/{evaluation.pk}/score/").content.decode()
    figure = re.search(r'data-testid="figure-\d+">Resident satisfaction survey score：([^<]*)<', html)
    assert figure and figure.group(1).startswith("100")


# --- the demo ----------------------------------------------------------------------------------------------------


def test_the_demo_survey_is_open_with_enough_varied_responses(demo):  # noqa: F811
    from django.core.management import call_command

    survey = SatisfactionSurvey.objects.select_related("project").get()
    assert survey.is_open and survey.project.title == "加装电梯居民协商议事"
    results = services.survey_results(survey)
    assert results.responses == 40 and results.counts and Decimal("50") < results.score < Decimal("100")
    assert survey.responses.exclude(comment="").count() == 5
    assert survey.responses.values("content").distinct().count() >= 3  # varied scores
    evaluation = survey.project.evaluations.get(stage="final")
    scored = Score.objects.select_related("indicator").get(assignment__evaluation=evaluation,
                                                           assignment__kind="street",
                                                           indicator__figure="satisfaction")
    assert scored.value == project_figures(survey.project).suggested(scored.indicator)  # the survey's score used
    call_command("load_demo")
    assert SatisfactionResponse.objects.count() == 40  # loaded once
