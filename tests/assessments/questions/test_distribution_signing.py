"""发卷/回收 signed by the invigilators themselves: each invigilator assigned to the room
confirms the counts from their own account on the room page (我的考场 → room); audited, once,
and nobody else can sign."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from hostsite.models import AuditEntry

from assessments.choices import DistributionStage, RoomRole
from assessments.models import PaperDistributionSignature, RoomAssignment
from assessments.services.questions import assembly
from assessments.services.questions import papers as paper_services
from tests.assessments import factories as plan_factories
from tests.assessments.questions import factories as f

SIGN = "assessments.paper_distribution_sign"


@pytest.fixture
def setup(loaded_site):
    from assessments.choices import QuestionKind

    occ = plan_factories.school_occupation()
    manager = f.member("manager", "题库管理")
    f.bank(occ, per_kind=4)
    blueprint = f.blueprint(occ, [(QuestionKind.SINGLE, 2, 2), (QuestionKind.TRUE_FALSE, 2, 1)])
    paper = assembly.paper_draw(blueprint=blueprint, actor=manager, seed=7, forms=2)
    plan = plan_factories.exam_plan(rooms=2, occupation=occ, level=f.LEVEL)
    paper = paper_services.paper_seal(paper=paper, plan=plan, actor=manager)
    room1, room2 = plan.plan_rooms.order_by("number")
    group = Group.objects.get(name="监考")
    people = {}
    for key, room, role in (
        ("wang", room1, RoomRole.INVIGILATOR),
        ("li", room1, RoomRole.INVIGILATOR),
        ("assessor", room1, RoomRole.ASSESSOR),
        ("other", room2, RoomRole.INVIGILATOR),
    ):
        user = plan_factories.exam_staff(key)
        user.groups.add(group)
        RoomAssignment.objects.create(plan_room=room, user=user, role=role)
        people[key] = user
    record = paper_services.distribution_out(
        paper=paper, plan_room=room1, form_label="A", copies=30, actor=manager
    )
    return {"paper": paper, "record": record, "room1": room1, "manager": manager, **people}


def _sign(client, record, stage):
    url = reverse("assessments_distribution_sign", args=[record.plan_room_id, record.pk, stage])
    return client.post(url, follow=True)


def test_each_invigilator_signs_from_the_room_page(client, setup):
    record, room1 = setup["record"], setup["room1"]
    client.force_login(setup["wang"])
    room_page = client.get(reverse("assessments_room_status", args=[room1.pk])).content.decode()
    assert "试卷发放与回收" in room_page and "签字确认：已收到A卷 30 份" in room_page
    assert room_page.count("未签") == 2  # wang and li, 发卷
    done = _sign(client, record, "out")
    body = done.content.decode()
    assert "已签字确认：发卷 30 份" in body
    assert "签字确认：已收到A卷" not in body  # signed: the button is gone
    assert body.count("未签") == 1  # li still has to sign
    signature = PaperDistributionSignature.objects.get()
    assert (signature.invigilator, signature.stage, signature.copies) == (
        setup["wang"], DistributionStage.OUT, 30)  # fmt: skip
    entry = AuditEntry.objects.get(action=SIGN)
    assert entry.actor == setup["wang"] and "30" in entry.detail

    again = _sign(client, record, "out")  # idempotent: nothing new, said so
    assert "无需重复签字" in again.content.decode()
    assert PaperDistributionSignature.objects.count() == 1
    assert AuditEntry.objects.filter(action=SIGN).count() == 1

    refused = _sign(client, record, "back")  # nothing came back yet
    assert "尚未登记回收" in refused.content.decode()

    client.force_login(setup["li"])
    _sign(client, record, "out")
    paper_services.distribution_back(
        record=record, copies=29, actor=setup["manager"], note="缺考 1 人"
    )
    page = client.get(reverse("assessments_room_status", args=[room1.pk])).content.decode()
    assert "签字确认：已交回 29 份" in page and "缺考 1 人" in page
    _sign(client, record, "back")
    back = PaperDistributionSignature.objects.get(stage=DistributionStage.BACK)
    assert (back.invigilator, back.copies) == (setup["li"], 29)

    client.force_login(setup["manager"])
    detail = client.get(reverse("assessments_paper_detail", args=[setup["paper"].pk]))
    text = detail.content.decode()
    assert "li：发卷 已签" in text and "wang：发卷 已签" in text
    assert text.count("未签") == 1  # wang has not signed 回收


@pytest.mark.parametrize("who", ["other", "assessor", "manager"])
def test_nobody_else_signs_for_the_room(client, setup, who):
    # An invigilator of another room, an assessor of this room, the office: all refused.
    client.force_login(setup[who])
    response = _sign(client, setup["record"], "out")
    assert "只有该考场的监考员本人可以签字确认" in response.content.decode()
    assert not PaperDistributionSignature.objects.exists()
    assert not AuditEntry.objects.filter(action=SIGN).exists()


def test_fewer_back_than_out_still_needs_a_reason(setup):
    with pytest.raises(paper_services.PaperRefused, match="原因"):
        paper_services.distribution_back(record=setup["record"], copies=28, actor=setup["manager"])


def test_the_migration_keeps_the_office_ticks_as_a_note_not_as_signatures():
    from importlib import import_module

    migration = import_module("assessments.migrations.0016_distribution_signatures")

    class Record:
        def __init__(self, out, back, note=""):
            self.out_signed_by, self.back_signed_by, self.note = out, back, note
            self.saved = False

        def save(self, update_fields):
            self.saved = update_fields == ["note"]

    records = [Record(["王老师", "李老师"], ["王老师"], "缺考 1 人"), Record([], [])]

    class Apps:
        def get_model(self, app, name):
            return type("M", (), {"objects": type("Q", (), {"all": lambda self: records})()})

    migration.keep_ticked_names(Apps(), None)
    assert records[0].note == "缺考 1 人；发卷登记时勾选：王老师、李老师；回收登记时勾选：王老师"
    assert records[0].saved and not records[1].saved and records[1].note == ""
