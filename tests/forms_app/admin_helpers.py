"""Test data for the review screens (test_admin_review.py): the school's content, two forms,
three applications submitted through the service, reviewers with and without permissions.

The test module creates it all once, inside a transaction rolled back at the end; each test runs
in a savepoint on top of it, so what a test changes is undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from stdnum.cn import ric

from forms_app.crypto import lookup_hash, mask_id_number, mask_mobile
from forms_app.fields import ApplicantData
from forms_app.models import Application, ApplicationFile, ExamPeriod, FormField
from occupations.eligibility import WorkPeriod

ADMIN = "/admin/applications/"


def id_number(sequence: int, *, birth: str = "19900101") -> str:
    """A valid citizen ID number of 锡林浩特市 (152502); ``sequence`` makes it distinct."""
    base = f"152502{birth}{sequence:03d}"
    return base + ric.calc_check_digit(base + "0")


def detail_url(application) -> str:
    return f"{ADMIN}{application.pk}/"


def decision_url(application) -> str:
    return f"{ADMIN}{application.pk}/decision/"


def bulk_url(action: str, *applications, **params) -> str:
    from urllib.parse import urlencode

    query = [("id", a.pk) for a in applications] + [("next", ADMIN), *params.items()]
    return f"/admin/bulk/forms_app/application/{action}/?{urlencode(query)}"


# --- people ---------------------------------------------------------------------------------


def reviewers_group(*, personal_data: bool = False) -> Group:
    """The group an administrator sets up in 设置 → 用户组 (see forms_app/admin/__init__.py)."""
    name = "报名审核员（含个人信息）" if personal_data else "报名审核员"
    group, _created = Group.objects.get_or_create(name=name)
    codenames = ["access_admin", "view_application", "review_application"]
    if personal_data:
        codenames.append("view_personal_data")
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    return group


def staff_user(username: str, *, groups=(), codenames=()):
    """A member of staff, in ``groups`` and with extra permissions by codename."""
    user = get_user_model().objects.create_user(username=username, password="x", is_staff=True)
    user.groups.set(groups)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


# --- applications -----------------------------------------------------------------------------


@dataclass
class ReviewData:
    ecommerce_form: object
    programmer_form: object
    autumn: ExamPeriod
    summer: ExamPeriod
    zhang: Application  # 电子商务师 网商 四级, qualifies, submitted, with answers and files
    li: Application  # 电子商务师 网商 三级, does not qualify, submitted
    wang: Application  # 计算机程序设计员 四级, another form and period, rejected

    def refreshed(self, application: Application) -> Application:
        return Application.objects.get(pk=application.pk)


def make_form_page(*, occupation, exam_period, slug: str, extra_fields=()):
    from hostsite.models import HomePage

    from forms_app.models import RegistrationFormPage

    now = timezone.now()
    page = RegistrationFormPage(
        title=f"{occupation.title}报名（{exam_period.name}）",
        slug=slug,
        occupation=occupation,
        exam_period=exam_period,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    page.form_fields = [
        FormField(label="姓名", field_type="full_name", clean_name="name"),
        FormField(label="居民身份证号码", field_type="id_number", clean_name="id_number"),
        FormField(label="手机号码", field_type="mobile", clean_name="mobile"),
        FormField(label="申报工种与等级", field_type="target", clean_name="target"),
        *extra_fields,
    ]
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return RegistrationFormPage.objects.get(pk=page.pk)


def submit(page, *, name, sequence, specialty, level, work=(), answers=None, mobile="13800138000"):
    """An application as the registration form submits it, with the engine's real verdict."""
    from forms_app import services
    from tests.forms_app.factories import mobile_proof

    data = ApplicantData(
        name=name,
        id_number=id_number(sequence),
        mobile=mobile,
        specialty=specialty,
        level=level,
        work=list(work),
    )
    target = {"target": f"{specialty}|{level}"}
    check = services.check_applicant(page=page, data=data)
    return services.application_submit(
        page=page,
        data=data,
        answers={**target, **(answers or {})},
        check=check,
        mobile_proof=mobile_proof(mobile),
        confirmed_ineligible=True,
    )


def submitted_on(application, day: date, hour: int = 10) -> None:
    when = timezone.make_aware(datetime(day.year, day.month, day.day, hour))
    Application.objects.filter(pk=application.pk).update(submitted_at=when)


def create_review_data() -> ReviewData:
    """Two forms and three applications on top of the school's content."""
    from forms_app import services
    from occupations.models import OccupationPage

    autumn = ExamPeriod.objects.create(name="2026年第四批")
    summer = ExamPeriod.objects.create(name="2026年第三批")
    ecommerce = make_form_page(
        occupation=OccupationPage.objects.get(title="电子商务师"),
        exam_period=autumn,
        slug="apply-ecommerce",
        extra_fields=[
            FormField(
                label="工作单位", field_type="singleline", clean_name="employer", section="工作"
            ),
            FormField(label="是否已取得本职业证书", field_type="checkbox", clean_name="has_cert"),
        ],
    )
    programmer = make_form_page(
        occupation=OccupationPage.objects.get(title="计算机程序设计员"),
        exam_period=summer,
        slug="apply-programmer",
    )
    zhang = submit(
        ecommerce,
        name="张三",
        sequence=1,
        specialty="网商",
        level=4,
        work=[WorkPeriod(relation="same", start=date(2015, 3, 1))],
        answers={"employer": "锡林浩特市某电商公司", "has_cert": False, "old_field": "旧答案"},
    )
    ApplicationFile.objects.create(
        application=zhang,
        field_name="photo",
        kind="photo",
        file="applications/test/photo.jpg",  # never opened by these tests
        original_name="证件照.jpg",
        content_type="image/jpeg",
        size=52_000,
    )
    ApplicationFile.objects.create(
        application=zhang,
        field_name="diploma",
        kind="document",
        file="applications/test/diploma.pdf",
        original_name="毕业证书.pdf",
        content_type="application/pdf",
        size=310_000,
    )
    li = submit(ecommerce, name="李四", sequence=2, specialty="网商", level=3)
    wang = submit(programmer, name="王五", sequence=3, specialty="", level=4, mobile="13900139000")
    services.application_transition(
        application=wang,
        to="rejected",
        actor=staff_user("earlier-reviewer"),
        reason="工作年限证明不足",
    )
    submitted_on(zhang, date(2026, 3, 1))
    submitted_on(li, date(2026, 3, 15))
    submitted_on(wang, date(2026, 2, 1))
    return ReviewData(ecommerce, programmer, autumn, summer, zhang, li, wang)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A plain application row, for listings that need many (pagination, eligibility flags)."""

    class Meta:
        model = Application

    number = factory.Sequence(lambda n: f"BM260401F{n:05d}")
    occupation = factory.LazyAttribute(lambda a: a.form_page.occupation)
    specialty = "网商"
    specialty_slug = "online-merchant"
    level = 4
    exam_period = factory.LazyAttribute(lambda a: a.form_page.exam_period)
    name = factory.Sequence(lambda n: f"赵{'一二三四五六七八九十'[n % 10]}{n}")
    id_number = factory.Sequence(lambda n: id_number(100 + n, birth="19850505"))
    id_number_hash = factory.LazyAttribute(lambda a: lookup_hash(a.id_number))
    id_number_masked = factory.LazyAttribute(lambda a: mask_id_number(a.id_number))
    mobile = "13700137000"
    mobile_hash = factory.LazyAttribute(lambda a: lookup_hash(a.mobile))
    mobile_masked = factory.LazyAttribute(lambda a: mask_mobile(a.mobile))
    eligibility = factory.LazyAttribute(
        lambda a: {"headline": "需要工作人员审核", "conditions": []}
    )
