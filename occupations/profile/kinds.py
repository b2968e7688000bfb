"""The applicant's profile as the school asks for it: 工作经历, 已取得的证书, 学历, 正规培训,
学徒期满. Each is defined once here; see ``schema.py`` for what is derived from it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from occupations.choices import CertificateKind, EducationType, Level, Major, Relation, SkillTarget
from occupations.eligibility import CertificateHeld, EducationRecord, TrainingRecord, WorkPeriod
from occupations.profile.columns import (
    BoolColumn,
    ChoiceColumn,
    DateColumn,
    LevelColumn,
    TextColumn,
    school_today,
)
from occupations.profile.schema import (
    ProfileFlag,
    RowCheck,
    RowKind,
    register_flag,
    register_row_kind,
)


def month(value: date) -> str:
    return value.strftime("%Y-%m")


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


# --- 工作经历 -------------------------------------------------------------------------------------


def _end_not_before_start(row) -> str | None:
    start, end = row.get("start"), row.get("end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        return _("最后工作日不能早于开始日期。")
    return None


def _describe_work(row) -> str:
    end, relation = row.get("end"), _label(Relation, row["relation"])
    if end:
        line = _("%(start)s 至 %(end)s %(relation)s") % {
            "start": month(row["start"]),
            "end": month(end),
            "relation": relation,
        }
    else:
        line = _("%(start)s 至今 %(relation)s") % {
            "start": month(row["start"]),
            "relation": relation,
        }
    if row.get("employer"):
        line += f"（{row['employer']}）"
    return line


WORK = register_row_kind(
    RowKind(
        name="work",
        field_type="work_history",
        label=gettext_lazy("工作经历"),
        add_label=gettext_lazy("再加一段工作经历"),
        checker_rows=2,
        columns=(
            ChoiceColumn("relation", gettext_lazy("从事的职业"), Relation),
            DateColumn("start", gettext_lazy("开始日期")),
            DateColumn(
                "end",
                gettext_lazy("最后工作日"),
                note=gettext_lazy("在职可不填"),
                help_text=gettext_lazy("最后上班的那一天，这一天也算工作时间"),
                required=False,
            ),
            TextColumn("employer", gettext_lazy("工作单位"), required=False, checker=False),
        ),
        checks=(RowCheck("end", _end_not_before_start),),
        record=lambda row: WorkPeriod(row["relation"], row["start"], row.get("end")),
        describe=_describe_work,
    )
)


# --- 已取得的证书 ---------------------------------------------------------------------------------


def _level_for_level_certificates(row) -> str | None:
    if row.get("kind") == CertificateKind.LEVEL and not row.get("level"):
        return _("请选择证书等级。")
    return None


def _certificate(row) -> CertificateHeld:
    level = row.get("level") if row["kind"] == CertificateKind.LEVEL else None
    return CertificateHeld(row["relation"], level, row["issued"], row["kind"])


def _describe_certificate(row) -> str:
    level = row.get("level") if row["kind"] == CertificateKind.LEVEL else None
    parts = [_label(Relation, row["relation"])]
    if level:
        parts.append(_label(Level, level))
    parts.append(_label(CertificateKind, row["kind"]))
    return _("%(what)s，%(issued)s 发证") % {
        "what": " ".join(parts),
        "issued": row["issued"].isoformat(),
    }


CERTIFICATES = register_row_kind(
    RowKind(
        name="certificates",
        field_type="certificates",
        label=gettext_lazy("已取得的证书"),
        add_label=gettext_lazy("再加一个证书"),
        columns=(
            ChoiceColumn("relation", gettext_lazy("证书职业"), Relation),
            ChoiceColumn(
                "kind", gettext_lazy("证书类型"), CertificateKind, default=CertificateKind.LEVEL
            ),
            LevelColumn("level", gettext_lazy("等级"), Level, required=False),
            DateColumn("issued", gettext_lazy("发证日期")),
        ),
        checks=(RowCheck("level", _level_for_level_certificates),),
        record=_certificate,
        describe=_describe_certificate,
    )
)


# --- 学历 ---------------------------------------------------------------------------------------


def _graduated_or_student(row) -> str | None:
    if not row.get("graduated") and not row.get("final_year_student"):
        return _("请填写毕业日期，或勾选“在校应届毕业生”。")
    return None


def _expected_graduation() -> date:
    """A final-year student may give the expected graduation date."""
    return school_today() + timedelta(days=3 * 366)


def _describe_education(row) -> str:
    parts = [_label(EducationType, row["type"]), _label(Major, row["major"])]
    if row.get("skill_target"):
        parts.append(_("培养目标%(target)s") % {"target": _label(SkillTarget, row["skill_target"])})
    line = " ".join(parts)
    if row.get("graduated"):
        line += _("，%(date)s 毕业") % {"date": row["graduated"].isoformat()}
    if row.get("final_year_student"):
        line += _("，在校应届毕业生")
    return line


EDUCATION = register_row_kind(
    RowKind(
        name="education",
        field_type="education",
        label=gettext_lazy("学历"),
        add_label=gettext_lazy("再加一个学历"),
        columns=(
            ChoiceColumn("type", gettext_lazy("学历/学校类型"), EducationType),
            ChoiceColumn("major", gettext_lazy("所学专业与本职业"), Major),
            ChoiceColumn("skill_target", gettext_lazy("培养目标"), SkillTarget, required=False),
            DateColumn(
                "graduated", gettext_lazy("毕业日期"), required=False, latest=_expected_graduation
            ),
            BoolColumn("final_year_student", gettext_lazy("在校应届毕业生（尚未毕业）")),
        ),
        checks=(RowCheck("graduated", _graduated_or_student),),
        record=lambda row: EducationRecord(
            row["type"],
            row["major"],
            row.get("skill_target") or None,
            row.get("graduated"),
            bool(row.get("final_year_student")),
        ),
        describe=_describe_education,
    )
)


# --- 正规培训 -------------------------------------------------------------------------------------


TRAINING = register_row_kind(
    RowKind(
        name="training",
        field_type="training",
        label=gettext_lazy("正规培训（已取得结业证书）"),
        add_label=gettext_lazy("再加一次培训"),
        columns=(
            LevelColumn("level", gettext_lazy("培训等级"), Level),
            DateColumn("completed", gettext_lazy("结业日期")),
        ),
        record=lambda row: TrainingRecord(row["level"], row["completed"]),
        describe=lambda row: (
            _("%(level)s 正规培训，%(date)s 结业")
            % {"level": _label(Level, row["level"]), "date": row["completed"].isoformat()}
        ),
    )
)


# --- 学徒期满 -------------------------------------------------------------------------------------

APPRENTICESHIP = register_flag(
    ProfileFlag(
        name="apprenticeship_completed",
        field_type="apprenticeship",
        label=gettext_lazy("学徒期满"),
        question=gettext_lazy("本职业或相关职业学徒期满"),
    )
)
