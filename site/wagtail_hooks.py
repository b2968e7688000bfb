"""Admin wiring only: the admin menu items each enabled plugin declares."""

from django.urls import reverse
from hostsite import plugins
from hostsite.plugins import AdminMenuItem
from wagtail import hooks
from wagtail.admin.menu import MenuItem


def _menu_item_hook(item: AdminMenuItem):
    def build():
        return MenuItem(item.label, reverse(item.url_name), icon_name=item.icon, order=item.order)

    return build


for _plugin in plugins.installed_plugins():
    for _item in _plugin.admin_menu_items:
        hooks.register("register_admin_menu_item", _menu_item_hook(_item))
