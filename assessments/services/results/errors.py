"""What the results area's services refuse, with the Chinese message shown to staff or visitors."""


class ResultsRefused(Exception):
    """A score change, a publication or an objection was refused; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
