"""The newer (and some older) wording of national occupational skill standards, read as a
careful reader would (standard_wordings.yaml), and what such a reader leaves to a person."""

from pathlib import Path

import pytest
import yaml

from occupations.eligibility.reading import ReadingContext, read_condition, same_clauses

TABLE = yaml.safe_load((Path(__file__).parent / "standard_wordings.yaml").read_text("utf-8"))
ROWS = TABLE["wordings"]


@pytest.mark.parametrize("row", [r for r in ROWS if "alternatives" in r], ids=lambda r: r["source"])
def test_read_completely_as_a_careful_reader_would(row):
    reading = read_condition(row["text"], ReadingContext.for_occupation(row["occupation"]))
    assert reading.unread == ()
    assert same_clauses(reading.alternatives, row["alternatives"]), reading.alternatives


@pytest.mark.parametrize("row", [r for r in ROWS if "unread" in r], ids=lambda r: r["source"])
def test_what_cannot_be_read_with_certainty_is_left_unread(row):
    reading = read_condition(row["text"], ReadingContext.for_occupation(row["occupation"]))
    assert list(reading.unread) == row["unread"]
    assert not reading.complete
    assert same_clauses(reading.alternatives, row["read"]), reading.alternatives


def test_the_table_has_both_kinds_of_rows():
    assert sum("alternatives" in r for r in ROWS) >= 10
    assert sum("unread" in r for r in ROWS) >= 5
