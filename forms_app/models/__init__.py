from .applications import Application, ApplicationEvent, ApplicationFile
from .drafts import ApplicationDraft
from .pages import ExamPeriod, FormField, RegistrationFormPage

__all__ = [
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "ApplicationFile",
    "ExamPeriod",
    "FormField",
    "RegistrationFormPage",
]
