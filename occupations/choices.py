"""Shared choices for occupations, registration conditions and applicant profiles.

The values are the identifiers of ``occupations/content/SCHEMA.md``; the labels are the Simplified
Chinese terms the school publishes, marked for translation with their Chinese text as msgid.
"""

from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """职业技能等级, numbered as published: 5 is the lowest, 1 the highest."""

    FIVE = 5, _("五级/初级工")
    FOUR = 4, _("四级/中级工")
    THREE = 3, _("三级/高级工")
    TWO = 2, _("二级/技师")
    ONE = 1, _("一级/高级技师")


class Relation(models.TextChoices):
    """How a work period or certificate relates to the occupation applied for."""

    SAME = "same", _("本职业")
    RELATED = "related", _("相关职业")


class RelationScope(models.TextChoices):
    """Which relations a condition accepts."""

    SAME = "same", _("本职业")
    SAME_OR_RELATED = "same_or_related", _("本职业或相关职业")


class WorkMode(models.TextChoices):
    CONTINUOUS = "continuous", _("连续")
    CUMULATIVE = "cumulative", _("累计")


class CertificateKind(models.TextChoices):
    LEVEL = "level", _("职业资格证书/职业技能等级证书")
    PREPARATORY_TECHNICIAN = "preparatory_technician", _("预备技师证书")


class EducationType(models.TextChoices):
    """School types, lowest first (see ``EDUCATION_RANKS``)."""

    TECHNICAL_SCHOOL = "technical_school", _("技工学校")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中等职业学校")
    SENIOR_TECHNICAL_SCHOOL = "senior_technical_school", _("高级技工学校")
    TECHNICIAN_COLLEGE = "technician_college", _("技师学院")
    HIGHER_VOCATIONAL = "higher_vocational", _("高等职业学校/职业技术学院")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


#: Ranks for ``and_above`` (SCHEMA.md): "X及以上" accepts every type ranked at least as high as X.
#: Without ``and_above`` a clause accepts exactly the types it lists.
EDUCATION_RANKS = MappingProxyType(
    {
        EducationType.TECHNICAL_SCHOOL: 1,
        EducationType.SECONDARY_VOCATIONAL: 1,
        EducationType.SENIOR_TECHNICAL_SCHOOL: 2,
        EducationType.TECHNICIAN_COLLEGE: 2,
        EducationType.HIGHER_VOCATIONAL: 3,
        EducationType.JUNIOR_COLLEGE: 3,
        EducationType.BACHELOR: 4,
        EducationType.MASTER: 5,
        EducationType.DOCTOR: 6,
    }
)


class Major(models.TextChoices):
    SAME = "same", _("本专业")
    RELATED = "related", _("相关专业")
    OTHER = "other", _("其他专业")


class SkillTarget(models.TextChoices):
    """培养目标 of a vocational school programme."""

    INTERMEDIATE = "intermediate", _("中级技能")
    ADVANCED = "advanced", _("高级技能")
