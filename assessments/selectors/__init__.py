"""The exam office's reads, one module per area (see assessments/services)."""
