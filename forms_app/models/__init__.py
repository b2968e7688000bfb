from .applications import Application, ApplicationEvent, ApplicationFile
from .drafts import ApplicationDraft
from .held import HeldUpload
from .imports import ApplicationImport
from .pages import ExamPeriod, FormField, RegistrationFormPage
from .privacy import PrivacyNoticeVersion, PrivacySettings
from .verification import VerificationCode

__all__ = [
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "ApplicationFile",
    "ApplicationImport",
    "ExamPeriod",
    "FormField",
    "HeldUpload",
    "PrivacyNoticeVersion",
    "PrivacySettings",
    "RegistrationFormPage",
    "VerificationCode",
]
