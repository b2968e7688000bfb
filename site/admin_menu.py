"""Admin menu items shown only to the users who may open what they link to."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from wagtail.admin.menu import MenuItem, SubmenuMenuItem


def _as_tuple(permissions: str | Iterable[str]) -> tuple[str, ...]:
    return (permissions,) if isinstance(permissions, str) else tuple(permissions)


class PermissionMenuItem(MenuItem):
    """A link shown to users holding any of ``permissions``. ``url_name`` is reversed when the
    menu is drawn (menu hooks may run before every plugin's URLs can be reversed)."""

    def __init__(self, label, url_name: str, *, permissions: str | Iterable[str], **kwargs):
        super().__init__(label, "", **kwargs)
        self.url_name = url_name
        self.permissions = _as_tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)

    def render_component(self, request):
        self.url = reverse(self.url_name)
        return super().render_component(request)


class PermissionSubmenuMenuItem(SubmenuMenuItem):
    """A submenu shown to users holding any of ``permissions``."""

    def __init__(self, label, menu, *, permissions: str | Iterable[str], **kwargs):
        super().__init__(label, menu, **kwargs)
        self.permissions = _as_tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)
