"""Content-Security-Policy on every response (django-csp 4): a strict policy with per-request
nonces for the public site, and the admin's own policy.

Public pages run only the site's own script files under /static/ (no inline script: the page
cache shares pages between visitors, so a nonce would be shared too); a page never cached may
use ``<script nonce="{{ request.csp_nonce }}">``. No inline event
handlers, no other origin. Wagtail 8's admin writes a few inline scripts of its own (the date
choosers of the page editor and the explorer filters), so paths under ADMIN_PREFIXES get
CONTENT_SECURITY_POLICY_ADMIN, which allows inline scripts there and nowhere else. A response
that sets its own policy (uploaded files: ``sandbox``) keeps it.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIXES = ("/admin/",)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(ADMIN_PREFIXES):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
            if admin:
                # No nonce: a browser that sees one ignores 'unsafe-inline', which the admin needs.
                parts.config, parts.nonce = default_config(admin["DIRECTIVES"]), None
        return parts
