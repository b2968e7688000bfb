"""What forms_app writes to the host's audit trail (hostsite.audit), and the status hook.

Every status decision goes through forms_app.lifecycle, which sends ``status_recorded`` inside
the change's transaction: the entry is written there, so the change and its entry are kept
together or not at all.
"""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from hostsite import audit

from forms_app.lifecycle import status_recorded
from forms_app.models import Application

VIEW_PERSONAL_DATA = "forms_app.view_personal_data"
LIST_PERSONAL_DATA = "forms_app.list_personal_data"
SEARCH_ID_NUMBER = "forms_app.search_id_number"
VIEW_FILE = "forms_app.view_file"
EXPORT = "forms_app.export"
EXPORT_DOWNLOAD = "forms_app.export_download"
IMPORT = "forms_app.import"
STATUS_CHANGE = "forms_app.status_change"

for _name, _label in (
    (VIEW_PERSONAL_DATA, _("查看完整身份证号和手机号")),
    (LIST_PERSONAL_DATA, _("列表显示完整身份证号")),
    (SEARCH_ID_NUMBER, _("按完整身份证号搜索")),
    (VIEW_FILE, _("查看报名材料")),
    (EXPORT, _("导出报名")),
    (EXPORT_DOWNLOAD, _("下载导出文件")),
    (IMPORT, _("导入报名")),
    (STATUS_CHANGE, _("报名状态变更")),
):
    audit.register_action(_name, _label)


@receiver(status_recorded, sender=Application)
def status_decided(sender, application, event, change, **kwargs) -> None:
    if not change.from_status:  # a new application is not a decision (imports: IMPORT)
        return
    audit.record(
        STATUS_CHANGE,
        actor=change.actor,
        actor_label=event.actor_label,
        target=application,
        detail=f"{change.from_status} → {change.to_status}",
    )
