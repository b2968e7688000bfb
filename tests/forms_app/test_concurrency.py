"""Parallel submissions (PostgreSQL): double clicks and crowds at opening time.

Every request here runs in its own thread with its own database connection, as gunicorn's
threads do, so what one request commits is what the others see. The data of a test is made and
removed by such threads too (committed, then deleted), so the tests neither see nor touch what
the test's own connection holds. That is also why they are not ``transaction=True`` tests: the
package's school content stays loaded in an open transaction on that connection while the
package runs (conftest.py), and flushing the database inside it fails on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forms_app import services
from forms_app.fields import ApplicantData
from forms_app.models import Application
from forms_app.verification import prove_mobile
from tests.concurrency import in_own_connection, in_parallel, needs_postgresql
from tests.forms_app.factories import CONSENT
from tests.forms_app.factories import texted_code as texted_code_here
from tests.forms_app.test_support import MOBILE, valid_id_number
from tests.occupations.factories import condition, level, levels_value, work_clause

pytestmark = needs_postgresql(
    "SQLite runs one writer at a time and has no row locks (SELECT … FOR UPDATE), "
    "so parallel submissions cannot race there"
)

THREADS = 8
HOST = "concurrency.test"
OCCUPATION = "并发测试职业"


@dataclass
class Scenario:
    page_pk: int
    url: str

    def page(self):
        from forms_app.models import RegistrationFormPage

        return RegistrationFormPage.objects.get(pk=self.page_pk)

    def applications(self) -> list[tuple[str, int]]:
        from forms_app.models import Application

        return in_own_connection(
            lambda: list(
                Application.objects.filter(form_page_id=self.page_pk).values_list("status", "level")
            )
        )


def _create(max_applications: int | None) -> Scenario:
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from forms_app.models import ExamPeriod, FormField, RegistrationFormPage
    from occupations.models import OccupationPage, Specialty

    tag = uuid.uuid4().hex[:8]
    # A transactional test before this one may have flushed the database, migrations' rows too.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.add_root(instance=Page(title="并发测试", slug=f"concurrency-{tag}"))
    occupation = OccupationPage(
        title=OCCUPATION,
        slug=f"occupation-{tag}",
        specialties=[
            Specialty(
                name="网商",
                slug="",
                levels=levels_value(
                    [
                        level(4, condition(1, "在本职业连续工作1年以上。", [work_clause(1)])),
                        level(3, condition(1, "在本职业连续工作6年以上。", [work_clause(6)])),
                    ]
                ),
            )
        ],
    )
    root.add_child(instance=occupation)
    now = timezone.now()
    page = RegistrationFormPage(
        title="并发测试报名",
        slug=f"apply-{tag}",
        occupation=occupation,
        exam_period=ExamPeriod.objects.create(name=f"并发测试批次 {tag}"),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        max_applications=max_applications,
    )
    page.form_fields = [
        FormField(label="姓名", field_type="full_name", clean_name="name"),
        FormField(label="居民身份证号码", field_type="id_number", clean_name="id_number"),
        FormField(label="手机号码", field_type="mobile", clean_name="mobile"),
        FormField(label="申报工种与等级", field_type="target", clean_name="target"),
    ]
    root.add_child(instance=page)
    Site.objects.create(hostname=HOST, port=80, root_page=root)
    return Scenario(page_pk=page.pk, url=f"/{page.slug}/")


def _remove(scenario: Scenario) -> None:
    from wagtail.models import Page, Site

    from forms_app.models import Application, ExamPeriod, RegistrationFormPage

    page = RegistrationFormPage.objects.get(pk=scenario.page_pk)
    period = page.exam_period
    Application.objects.filter(form_page=page).delete()
    Site.objects.filter(hostname=HOST).delete()
    root = Page.objects.get(pk=page.get_parent().pk)
    page.delete()  # before the occupation it refers to
    root.delete()
    ExamPeriod.objects.filter(pk=period.pk).delete()


def _remove_codes() -> None:
    """The SMS codes the threads' connections committed (texted_code)."""
    from forms_app.models import VerificationCode

    VerificationCode.objects.all().delete()


@pytest.fixture
def scenario_factory(settings):
    from django.core.cache import cache

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    made: list[Scenario] = []
    cache.clear()

    def make(*, max_applications: int | None = None) -> Scenario:
        scenario = in_own_connection(_create, max_applications)
        made.append(scenario)
        cache.clear()  # site root paths and occupation lookups as the threads see them
        return scenario

    yield make
    for scenario in made:
        in_own_connection(_remove, scenario)
    in_own_connection(_remove_codes)
    cache.clear()


def texted_code(mobile: str) -> str:
    """The code texted to ``mobile``, stored by a connection of its own (the threads must see
    it; the test's own connection holds an open transaction)."""
    return in_own_connection(texted_code_here, mobile)


def mobile_of(n: int) -> str:
    return f"1390000{n:04d}"


def submit(scenario: Scenario, n: int, *, code: str, mobile: str = MOBILE, level_: int = 4):
    """services.application_submit as the view calls it, for applicant ``n`` with ``mobile``
    and the SMS ``code`` texted to it."""
    page = scenario.page()
    data = ApplicantData(
        name="张三", id_number=valid_id_number(n), mobile=mobile, specialty="网商", level=level_
    )
    check = services.check_applicant(page=page, data=data)
    proof = prove_mobile(mobile=mobile, purpose="apply", code=code)
    return services.application_submit(
        page=page, data=data, answers={}, check=check, mobile_proof=proof, confirmed_ineligible=True
    )


def kinds(outcomes: list) -> Counter:
    return Counter(type(outcome).__name__ for outcome in outcomes)


def test_parallel_submissions_of_one_person_make_one_application(scenario_factory):
    scenario = scenario_factory()
    code = texted_code(MOBILE)

    outcomes = in_parallel(lambda n: submit(scenario, 0, code=code), THREADS)

    assert kinds(outcomes) == {"Application": 1, "DuplicateApplication": THREADS - 1}
    assert scenario.applications() == [("submitted", 4)]
    stored = next(o for o in outcomes if not isinstance(o, Exception))
    refused = next(o for o in outcomes if isinstance(o, services.DuplicateApplication))
    assert "请勿重复提交" in refused.message
    assert stored.number in refused.message  # the same person, proven by the same code


def test_parallel_submissions_of_different_people_all_succeed(scenario_factory):
    scenario = scenario_factory()
    codes = [texted_code(mobile_of(n)) for n in range(THREADS)]

    outcomes = in_parallel(
        lambda n: submit(scenario, n, code=codes[n], mobile=mobile_of(n)), THREADS
    )

    assert kinds(outcomes) == {"Application": THREADS}
    assert len(scenario.applications()) == THREADS
    assert len({o.number for o in outcomes}) == THREADS


def test_one_person_may_apply_for_two_levels_at_once(scenario_factory):
    """Two tabs, one per level, each with its own code (texted to two different mobiles, as a
    code is for one mobile and only the newest counts)."""
    scenario = scenario_factory()
    mobiles = {3: mobile_of(3), 4: mobile_of(4)}
    codes = {level_: texted_code(mobile) for level_, mobile in mobiles.items()}

    def one(n: int):
        level_ = 4 if n % 2 else 3
        return submit(scenario, 0, code=codes[level_], mobile=mobiles[level_], level_=level_)

    outcomes = in_parallel(one, THREADS)

    assert kinds(outcomes) == {"Application": 2, "DuplicateApplication": THREADS - 2}
    assert sorted(scenario.applications()) == [("submitted", 3), ("submitted", 4)]


def test_parallel_clash_of_one_id_number_under_two_mobiles_marks_both(scenario_factory):
    """A stranger and the holder of an ID number submit at the same moment, each with their
    own mobile: both applications are stored and both are marked 身份待核, whichever commits
    first."""
    scenario = scenario_factory()
    codes = [texted_code(mobile_of(n)) for n in range(2)]

    outcomes = in_parallel(lambda n: submit(scenario, 0, code=codes[n], mobile=mobile_of(n)), 2)

    assert kinds(outcomes) == {"Application": 2}
    assert in_own_connection(
        lambda: sorted(
            Application.objects.filter(form_page_id=scenario.page_pk).values_list(
                "mobile_masked", "identity_check"
            )
        )
    ) == [("139****0000", True), ("139****0001", True)]


def test_the_maximum_number_of_applications_holds_under_parallel_submissions(scenario_factory):
    scenario = scenario_factory(max_applications=3)
    codes = [texted_code(mobile_of(n)) for n in range(THREADS)]

    outcomes = in_parallel(
        lambda n: submit(scenario, n, code=codes[n], mobile=mobile_of(n)), THREADS
    )

    assert kinds(outcomes) == {"Application": 3, "ApplicationRefused": THREADS - 3}
    assert {o.message for o in outcomes if isinstance(o, services.ApplicationRefused)} == {
        "报名人数已满。"
    }
    assert len(scenario.applications()) == 3


def test_a_double_click_through_the_browser_gives_one_application(scenario_factory, settings):
    settings.FORMS_SUBMIT_RATE_PER_ID = (100, 3600)  # eight tries of one ID number in a second
    scenario = scenario_factory()
    form = {
        "name": "张三",
        "id_number": valid_id_number(0),
        "mobile": MOBILE,
        "target": "网商|4",
        "confirm_review": "1",
        **CONSENT,
        "sms_code": texted_code(MOBILE),
    }

    def post(n: int) -> tuple[int, str]:
        browser = Client(HTTP_HOST=HOST)
        response = browser.post(scenario.url, form)
        return response.status_code, response.content.decode()

    outcomes = in_parallel(post, THREADS)

    statuses = Counter(status for status, _html in outcomes)
    assert statuses == {302: 1, 409: THREADS - 1}, statuses
    assert all("请勿重复提交" in html for status, html in outcomes if status == 409)
    assert scenario.applications() == [("submitted", 4)]
    number = in_own_connection(
        lambda: Application.objects.get(form_page_id=scenario.page_pk).number
    )
    assert all(number in html for status, html in outcomes if status == 409)
