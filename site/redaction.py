"""Full citizen ID numbers and mobiles masked out of free text: audit entries and log output.

No model imports here: the logging configuration loads ``RedactPersonalData`` before the apps.
"""

import logging
import re

#: An 18-character citizen ID number (or a 15-digit old one) and a mainland mobile, as they may
#: appear inside free text; masked like the review screens mask them.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx]|\d)(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1\d{2})\d{4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    """``text`` with every full citizen ID number and mobile masked."""
    text = _ID_NUMBER.sub(lambda m: m[1] + "*" * (len(m[0]) - 8) + m[0][-4:], text)
    return _MOBILE.sub(r"\1****\2", text)


class RedactPersonalData(logging.Filter):
    """A logging filter (on the console handler, see settings): a full citizen ID number or
    mobile in a log message is masked before it is written, whatever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
