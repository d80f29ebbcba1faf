"""A reason's template is filled in one pass: a column's name is never read as a field of it."""

from __future__ import annotations

from compliancecheck.plugins import reasons


def test_a_column_named_like_a_field_is_written_as_named() -> None:
    """Review: fields were replaced one after another, so a numerator named ``{denominator}`` became the denominator."""
    text = reasons.reason(reasons.MORE_THAN, numerator="{denominator}", denominator="total_staff")
    assert text == "{denominator} more than total staff: the figures are inconsistent"


def test_every_template_fills_its_fields() -> None:
    assert reasons.reason(reasons.NO_VALUE, column="planned_start") == "no planned start"
    assert reasons.reason(reasons.PARTLY_BLANK, numerator="women", denominator="total") == "women or total blank on some rows"
