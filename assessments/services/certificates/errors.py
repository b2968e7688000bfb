"""Refusals a user can cause with certificates: a Chinese message and the HTTP status to answer
with (views turn them into 4xx pages, never a 500)."""

from __future__ import annotations


class CertificateRefused(Exception):
    """A certificate cannot be issued, reissued or revoked (the message says why)."""

    status = 409

    def __init__(self, message, *, status: int | None = None):
        super().__init__(str(message))
        self.message = str(message)
        if status is not None:
            self.status = status
