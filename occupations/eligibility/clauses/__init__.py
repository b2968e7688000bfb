"""One module per clause type; importing this package registers them all."""

from . import (  # noqa: F401  (imported for their @register side effect)
    apprenticeship,
    certificate,
    education,
    free_text,
    graduated_years,
    training,
    work_experience,
)
