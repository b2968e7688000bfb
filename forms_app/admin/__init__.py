"""报名审核: the staff review screens for applications in the Wagtail admin.

Built on Wagtail's own ``ModelViewSet`` (``viewsets.ApplicationReviewViewSet``), not on
wagtail-modeladmin. ModelViewSet is maintained with Wagtail itself; it brings the admin's current
listing (sortable columns, django-filter filters in the side panel, search and pagination refreshed
without reloading the page), permission policies, and the bulk-action framework that pages,
snippets and images use, so a reviewer selects rows, picks an action, gives a reason and confirms
the way they already do elsewhere in the admin. wagtail-modeladmin stays installed for projects
that need it, but it is in maintenance only and its listing predates all of that.

Only reading and reviewing is offered: no add, edit, copy or delete views (applications come from
the registration form and the import; their personal data is never edited here). The views stay
thin: reads come from ``forms_app.selectors``, every status change goes through
``forms_app.services.application_transition``.

Permissions (codenames on ``forms_app.Application``):

- ``view_application``    see the list and the detail pages (IDs and mobiles masked);
- ``view_personal_data``  see full ID numbers and mobile numbers;
- ``review_application``  approve, reject or ask for more information (POST only).

Superusers have all three. To set up reviewers, an administrator opens 设置 → 用户组 → 添加用户组
(Settings → Groups → Add a group), names the group (e.g. 报名审核员), ticks “Can access Wagtail
admin” under 其他权限, and in the 对象权限 table, row 报名, column 定制权限, ticks “Can view” and
“可审核” (Wagtail shortens 可审核报名, the label ending in the model's name) and, only for staff
who may see full ID numbers, “可查看完整身份证号和手机号”; then adds the reviewers to the group
in 设置 → 用户. The viewset registers exactly these three permissions with Wagtail
(``register_permissions``), which is what makes them appear there.

Nothing is imported here on purpose: ``django.contrib.admin`` autodiscovers ``<app>.admin``.
"""
