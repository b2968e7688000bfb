"""Paper assembly speed: drawing a 100-question paper (one form, and an A/B pair with shuffled
options) from a 20,000-question bank by a blueprint of knowledge points and difficulties,
through ``assessments.services.questions.assembly.paper_draw`` (the pool query, the knowledge
point tree, the recent papers to avoid, the draw, storing the paper and its items).

    .venv/bin/python bench/assembly.py [--questions 20000] [--repeat 5]

Baseline, measured in the same run: the floor of any draw, i.e. reading the 20,000 reviewed
ids of the occupation and level from the database and ``random.sample``-ing 100 of them.
Each figure is the best of --repeat runs (the machine is shared). Everything is written inside
a transaction that is rolled back: run it against a throwaway or development database
(DATABASE_URL; a temporary SQLite database is made and migrated when it is not set).

Targets (from the issue): one form < 1 s, an A/B pair < 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {"one form": 1.0, "A/B pair": 2.0}


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="bench-assembly-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_bank(count: int):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from assessments.choices import QuestionKind, QuestionStatus
    from assessments.models import (
        Blueprint,
        BlueprintItem,
        KnowledgePoint,
        Question,
        QuestionOption,
    )
    from occupations.models import OccupationPage

    root = Page.get_first_root_node()
    occupation = root.add_child(instance=OccupationPage(title="基准职业", slug="bench-assembly"))
    level = 4
    leaves = []
    for top in ("基础知识", "相关知识", "操作技能"):
        parent = KnowledgePoint.objects.create(occupation=occupation, level=level, name=top)
        for n in range(5):
            leaves.append(
                KnowledgePoint.objects.create(
                    occupation=occupation, level=level, parent=parent, name=f"{top}{n + 1}"
                )
            )
    kinds = [QuestionKind.TRUE_FALSE, QuestionKind.SINGLE, QuestionKind.SINGLE,
             QuestionKind.MULTIPLE, QuestionKind.BLANK, QuestionKind.SHORT]  # fmt: skip
    answers = {QuestionKind.TRUE_FALSE: "对", QuestionKind.SINGLE: "B",
               QuestionKind.MULTIPLE: "AC"}  # fmt: skip
    rng = random.Random(1)
    questions = [
        Question(
            occupation=occupation,
            level=level,
            kind=kinds[i % len(kinds)],
            knowledge_point=leaves[rng.randrange(len(leaves))],
            difficulty=rng.randint(1, 5),
            status=QuestionStatus.REVIEWED,
            stem=f"<p>基准试题 {i}</p>",
            answer=answers.get(kinds[i % len(kinds)], "参考答案"),
            score=Decimal(1),
        )  # fmt: skip
        for i in range(count)
    ]
    Question.objects.bulk_create(questions, batch_size=2000)
    options = [
        QuestionOption(question=q, text=f"<p>选项{j}</p>", is_correct=j == 1, sort_order=j)
        for q in Question.objects.filter(
            occupation=occupation, kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE]
        )
        for j in range(4)
    ]
    QuestionOption.objects.bulk_create(options, batch_size=5000)
    blueprint = Blueprint.objects.create(
        occupation=occupation, level=level, name="基准细目表", total_score=Decimal(100),
        avoid_recent=3,
    )  # fmt: skip
    tops = list(KnowledgePoint.objects.filter(occupation=occupation, parent=None))
    rows = [  # 100 questions, 100 points
        (QuestionKind.TRUE_FALSE, 20, "0.5", tops[0], None),
        (QuestionKind.SINGLE, 20, "0.5", tops[0], 2),
        (QuestionKind.SINGLE, 20, "1", tops[1], 3),
        (QuestionKind.MULTIPLE, 20, "1", leaves[7], None),
        (QuestionKind.BLANK, 15, "1", None, 4),
        (QuestionKind.SHORT, 5, "5", tops[2], None),
    ]
    for i, (kind, n, score, point, difficulty) in enumerate(rows):
        BlueprintItem.objects.create(
            blueprint=blueprint, kind=kind, count=n, score_each=Decimal(score),
            knowledge_point=point, difficulty=difficulty, sort_order=i,
        )  # fmt: skip
    user = get_user_model().objects.create_superuser("bench-assembly", "b@example.com", "x")
    return occupation, level, blueprint, user


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import transaction

    from assessments.choices import QuestionStatus
    from assessments.models import Question
    from assessments.services.questions import assembly

    with transaction.atomic():
        start = time.perf_counter()
        occupation, level, blueprint, user = build_bank(args.questions)
        print(f"bank: {args.questions} questions built in {time.perf_counter() - start:.1f} s")

        def baseline():
            pool = list(
                Question.objects.filter(
                    occupation=occupation, level=level, status=QuestionStatus.REVIEWED
                ).values_list("pk", flat=True)
            )
            random.Random(1).sample(pool, 100)

        seeds = iter(range(10_000))
        figures = {
            "baseline (read 20,000 ids, sample 100)": best(baseline, args.repeat),
            "one form": best(
                lambda: assembly.paper_draw(
                    blueprint=blueprint, actor=user, forms=1, seed=next(seeds)
                ),
                args.repeat,
            ),
            "A/B pair": best(
                lambda: assembly.paper_draw(
                    blueprint=blueprint, actor=user, forms=2, seed=next(seeds)
                ),
                args.repeat,
            ),
        }
        paper = assembly.paper_draw(blueprint=blueprint, actor=user, forms=2, seed=99)
        forms = {form.label: set(form.items.values_list("question_id", flat=True))
                 for form in paper.forms.all()}  # fmt: skip
        transaction.set_rollback(True)
    baseline_time = next(iter(figures.values()))
    print(f"{'measurement':44} {'seconds':>8} {'x baseline':>10}  target")
    for name, seconds in figures.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (
            f"< {target:.0f} s {'met' if seconds < target else 'NOT met'}"
        )  # fmt: skip
        print(f"{name:44} {seconds:8.3f} {seconds / baseline_time:10.1f}  {verdict}")
    print(
        f"A/B check: {len(forms['A'])} + {len(forms['B'])} questions, "
        f"{len(forms['A'] & forms['B'])} shared"
    )


if __name__ == "__main__":
    main()
