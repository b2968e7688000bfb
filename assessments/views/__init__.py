"""Thin views of the exam office, one module per area (see assessments/services)."""
