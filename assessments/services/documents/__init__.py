"""Services of the documents area: admission tickets (per candidate and per plan, in the
background), room door lists and sign-in sheets (PDF, XLSX), releasing tickets to applicants
(notification and status-page link) and check-in at the door.

Refusals raise DocumentRefused / CheckInRefused with a Chinese message and an HTTP status."""

from django.utils.translation import gettext_lazy as _
from hostsite import audit

from assessments.services.documents import release  # noqa: F401  (registers kind, link, signal)
from assessments.services.documents.batches import (  # noqa: F401
    PRINT_PERMISSION,
    TICKETS_BATCH,
    DocumentRefused,
    batch_storage,
    ensure_printable,
    stored_batch,
    tickets_batch_start,
    tickets_batch_task,
    write_plan_tickets,
)
from assessments.services.documents.checkin import (  # noqa: F401
    CHECK_IN,
    CHECK_IN_PERMISSION,
    CheckInRefused,
    candidate_check_in,
    may_check_in,
    may_watch_room,
)
from assessments.services.documents.sheets import SHEETS, room_title  # noqa: F401
from assessments.services.documents.tickets import (  # noqa: F401
    check_in_url,
    printable_name,
    write_tickets,
)

TICKET_DOWNLOAD = "assessments.ticket_download"
SHEET_DOWNLOAD = "assessments.sheet_download"

for _name, _label in (
    (TICKETS_BATCH, _("批量生成准考证")),
    (TICKET_DOWNLOAD, _("下载准考证")),
    (SHEET_DOWNLOAD, _("导出考场名单/签到表")),
    (CHECK_IN, _("考生入场签到")),
):
    audit.register_action(_name, _label)
