"""The exam office's models, one module per area (plans and seating, results and the notice,
the working-day calendar, certificates, the question bank and papers)."""

from assessments.models.calendar import *  # noqa: F401,F403  calendar: working days
from assessments.models.certificates import (  # noqa: F401
    Certificate,
    CertificateEvent,
    CertificateIssuer,
    CertificateSerial,
)
from assessments.models.documents import *  # noqa: F401,F403  documents: check-in, ticket release
from assessments.models.notices import *  # noqa: F401,F403  results: the notice and objections
from assessments.models.papers import *  # noqa: F401,F403  questions: blueprints, papers, distribution
from assessments.models.plans import *  # noqa: F401,F403  plans: plans, venues, rooms, candidates, seating
from assessments.models.questions import *  # noqa: F401,F403  questions: the question bank
from assessments.models.results import *  # noqa: F401,F403  results: scores and results
