"""What the plans area's services refuse, with the Chinese message shown to staff."""


class PlanRefused(Exception):
    """A plan, room, enrolment or seating change was refused; ``message`` says why (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SeatTaken(PlanRefused):
    """The seat asked for has another candidate (also when a parallel request took it first)."""
