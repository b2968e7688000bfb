import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.production")

application = get_wsgi_application()


def _refuse_bad_keys() -> None:
    """Stop the web server at start-up, with the checks' own words, when the keys protecting
    personal data are wrong (forms_app.checks), rather than at the first application; likewise
    any other key a plugin checks under the tag "keys" (e.g. the certificates' signing keys)."""
    from django.conf import settings
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    if settings.DEBUG:  # `make run` (runserver serves this module) uses the development keys
        return

    errors = [
        message
        for message in checks.run_checks(
            tags=["personal_data", "keys"], include_deployment_checks=True
        )
        if message.is_serious()
    ]
    if errors:
        raise ImproperlyConfigured("\n".join(str(error) for error in errors))


_refuse_bad_keys()
