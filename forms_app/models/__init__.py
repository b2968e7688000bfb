from .applications import Application, ApplicationEvent, ApplicationFile
from .pages import ExamPeriod, FormField, RegistrationFormPage

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "ExamPeriod",
    "FormField",
    "RegistrationFormPage",
]
