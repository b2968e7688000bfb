"""Where a request comes from, as the rate limits, the login lockout and the audit trail see it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request comes from.

    Behind the TLS proxy (``SECURE_PROXY_SSL_HEADER`` set, see DJANGO_BEHIND_TLS_PROXY) every
    request reaches the site from the proxy, so the address the proxy appended last to
    X-Forwarded-For counts; the entries before it are whatever the client claimed.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_address(request: HttpRequest) -> str | None:
    """``client_ip``, or None when the request names none (e.g. the test client's force_login):
    what django-axes stores in an address column, which PostgreSQL checks."""
    address = client_ip(request)
    return None if address == "unknown" else address
