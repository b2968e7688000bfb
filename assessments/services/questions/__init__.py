"""The question bank and papers (题库、细目表、组卷、发卷): one module per part.

- kinds: what each question type needs (registry); richtext: text between formats;
- bank: questions and knowledge points; exchange: XLSX/CSV import and export; moodle: Moodle XML;
- assembly: drawing papers from blueprints; papers: sealing, distribution; output: PDFs, JSON.
"""

from assessments.services.questions import audit  # noqa: F401  (registers the audit actions)
