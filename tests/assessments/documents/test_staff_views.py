"""The admin pages of the documents area: the plan's documents page, tickets per candidate
and as a background batch, room lists, the seat map; each refused without its permission."""

import pytest
from django.urls import reverse
from hostsite.models import AuditEntry, Job

from assessments.choices import PlanStatus
from assessments.selectors import documents as selectors
from assessments.services import documents as services
from tests.assessments import pdfcheck
from tests.assessments.factories import exam_plan, exam_staff, sealed_plan

pytestmark = pytest.mark.plugins("assessments")

PRINT = "assessments.print_documents"


@pytest.fixture
def plan(loaded_site):
    return sealed_plan(rooms=2, per_room=3, names=["王𠀀明"])


@pytest.fixture
def clerk(client):
    client.force_login(exam_staff("kaowu", extra_perms=(PRINT,)))
    return client


def test_the_documents_page_lists_rooms_and_flags_unprintable_names(plan, clerk):
    page = clerk.get(reverse("assessments_plan_documents", args=[plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "王𠀀明" in html and "U+20000" in html and "手写补全" in html
    for plan_room in plan.plan_rooms.all():
        assert reverse("assessments_room_sheet", args=[plan_room.pk, "sign-in", "pdf"]) in html
        assert reverse("assessments_seat_map", args=[plan_room.pk]) in html
    assert clerk.get(reverse("assessments_plan_list")).status_code == 200


def test_the_batch_of_tickets_is_a_job_whose_pdf_only_its_owner_downloads(
    plan, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(reverse("assessments_tickets_batch", args=[plan.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert job.status == "succeeded" and job.done == job.total == 6  # tests run tasks at once
    page = clerk.get(response["Location"]).content.decode()
    assert "下载准考证" in page and job.result_url in page
    download = clerk.get(job.result_url)
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert pdfcheck.page_count(data) == 6
    assert AuditEntry.objects.filter(action=services.TICKETS_BATCH).count() == 1
    assert AuditEntry.objects.filter(action=services.TICKET_DOWNLOAD).count() == 1
    clerk.force_login(exam_staff("other-clerk", extra_perms=(PRINT,)))
    assert clerk.get(job.result_url).status_code == 404


def test_tickets_and_lists_are_refused_before_the_plan_is_sealed(loaded_site, clerk):
    draft = exam_plan()
    assert draft.status == PlanStatus.DRAFT
    response = clerk.post(reverse("assessments_tickets_batch", args=[draft.pk]))
    assert response.status_code == 409 and "封场" in response.content.decode()
    plan_room = draft.plan_rooms.get()
    url = reverse("assessments_room_sheet", args=[plan_room.pk, "door", "pdf"])
    assert clerk.get(url).status_code == 409
    assert not Job.objects.exists()


def test_one_ticket_and_each_room_list_download(plan, clerk):
    candidate = selectors.seated_candidates(plan=plan).first()
    ticket = clerk.get(reverse("assessments_candidate_ticket", args=[candidate.pk]))
    assert ticket.status_code == 200 and ticket["Content-Type"] == "application/pdf"
    assert candidate.ticket_number in pdfcheck.text(ticket.content)
    plan_room = plan.plan_rooms.get(number=1)
    for kind in services.SHEETS:
        for fmt in ("pdf", "xlsx"):
            response = clerk.get(reverse("assessments_room_sheet", args=[plan_room.pk, kind, fmt]))
            assert response.status_code == 200, (kind, fmt)
            assert "attachment" in response["Content-Disposition"]
    assert clerk.get(f"/admin/exams/documents/rooms/{plan_room.pk}/other.pdf").status_code == 404


def test_the_seat_map_shows_each_seat(plan, clerk):
    plan_room = plan.plan_rooms.get(number=1)
    plan_room.room.unusable_seats = [30]
    plan_room.room.save()
    html = clerk.get(reverse("assessments_seat_map", args=[plan_room.pk])).content.decode()
    assert html.count("seat seat--taken") == 3 + 1  # three candidates and the legend
    assert html.count("seat seat--unusable") == 1 + 1
    assert "王𠀀明" in html


@pytest.mark.parametrize(
    "name",
    ["assessments_plan_documents", "assessments_tickets_batch", "assessments_plan_list"],
)
def test_staff_without_the_print_permission_are_refused(plan, client, name):
    client.force_login(exam_staff("jiankao", extra_perms=("assessments.check_in_candidate",)))
    args = [] if name == "assessments_plan_list" else [plan.pk]
    method = client.post if name == "assessments_tickets_batch" else client.get
    response = method(reverse(name, args=args))
    assert response.status_code == 403 and "权限" in response.content.decode()
    candidate = selectors.seated_candidates(plan=plan).first()
    assert (
        client.get(reverse("assessments_candidate_ticket", args=[candidate.pk])).status_code == 403
    )
    plan_room = plan.plan_rooms.first()
    assert client.get(reverse("assessments_seat_map", args=[plan_room.pk])).status_code == 403
