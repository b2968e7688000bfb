"""Export and import of applicant lists (报名名单导出/导入) on django-import-export.

- resources.py: the columns (import-export Resources, fields and widgets);
- writers.py: the file formats, written row by row (CSV with BOM, XLSX write-only), with
  spreadsheet formulas neutralised in every text cell;
- readers.py: uploaded CSV/XLSX → tablib Dataset, checked by content and size;
- services.py: export_applications / import_applications, the work the admin views call;
- tasks.py: large exports as a background job; views.py, hooks.py: the Wagtail admin pages.
"""
