"""What the registration plugin's services refuse, with the Chinese message shown to the person."""


class ApplicationRefused(Exception):
    """The application (or the change to it) cannot be accepted; ``message`` says why in
    Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DuplicateApplication(ApplicationRefused):
    """The person already has a live application for this occupation, specialty, level and
    period."""


class TransitionVetoed(ApplicationRefused):
    """A plugin's veto (forms_app.lifecycle.register_veto) refused a status change."""


class IneligibleRefused(ApplicationRefused):
    """The form accepts no application the eligibility engine found ineligible."""


class ConfirmationNeeded(ApplicationRefused):
    """The engine found the applicant ineligible; the form accepts such applications for staff
    to review once the applicant confirms (a second POST with the confirmation ticked)."""
