"""System checks of the occupations plugin: every registered clause type is complete."""

from django.core import checks


@checks.register()
def check_clause_types(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A clause type without a block, evaluator, description, facts or a working example is an
    error at start-up (``manage.py check``), not a crash when an applicant checks a level."""
    from occupations.eligibility import registry_problems

    return [
        checks.Error(
            problem, id="occupations.E001", hint="See occupations/eligibility/registry.py."
        )
        for problem in registry_problems()
    ]
