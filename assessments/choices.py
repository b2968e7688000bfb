"""Choices of the exam office (labels in Chinese through gettext_lazy), grouped by area."""

from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401
