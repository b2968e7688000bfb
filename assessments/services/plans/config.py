"""The plans area's numbers, read from settings with the defaults the exam rules give."""

from django.conf import settings

DEFAULTS = {
    # A room needs at least this many invigilators before the plan can be sealed …
    "ASSESSMENTS_MIN_INVIGILATORS_PER_ROOM": 2,
    # … and at least one invigilator per this many candidates seated in it.
    "ASSESSMENTS_CANDIDATES_PER_INVIGILATOR": 15,
    # The comprehensive review panel (二级/一级): an odd number of assessors, at least this many.
    "ASSESSMENTS_MIN_REVIEW_PANEL": 3,
    # The theory exam lasts at least this many minutes.
    "ASSESSMENTS_MIN_THEORY_MINUTES": 90,
    # Answer keys (form field clean names) that hold the employer / the training class; the
    # first non-empty one is copied to the candidate on enrolment (staff may edit it).
    "ASSESSMENTS_EMPLOYER_ANSWER_KEYS": ("employer", "gong_zuo_dan_wei", "dan_wei"),
    "ASSESSMENTS_TRAINING_CLASS_ANSWER_KEYS": ("training_class", "pei_xun_ban", "pei_xun_ban_ji"),
}


def plan_setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
