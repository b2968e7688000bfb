from .announcements import AnnouncementAttachment, AnnouncementIndexPage, AnnouncementPage
from .audit import AppendOnlyError, AuditEntry
from .content import ContentFingerprint
from .jobs import Job, JobStatus
from .pages import HomePage, SearchablePage, StandardPage
from .settings import ContactSettings

__all__ = [
    "AnnouncementAttachment",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "AppendOnlyError",
    "AuditEntry",
    "ContactSettings",
    "ContentFingerprint",
    "HomePage",
    "Job",
    "JobStatus",
    "SearchablePage",
    "StandardPage",
]
