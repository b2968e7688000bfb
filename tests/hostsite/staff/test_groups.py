"""编辑, created by the host's data migration: pages (and so the occupations' requirements, which
are page content), images and documents; none of the applications, users or audit screens."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page

from tests.hostsite.factories import UserFactory
from tests.support import recreate_staff_groups


@pytest.fixture
def editor(loaded_site, client):
    # A transactional test earlier in the run may have emptied every table, Wagtail's root
    # collection and the group's page permissions (made on the root page) included: make them
    # again as a migrated database has them, now that the content loader made the root page.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    recreate_staff_groups()
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return user


def test_editors_edit_and_publish_pages(editor, client, loaded_site):
    home = Page.objects.get(depth=2)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert editor.has_perm("wagtailadmin.access_admin")
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/admin/users/", "/admin/groups/", "/admin/audit/", "/admin/lockouts/", "/admin/sites/"],
)
def test_editors_reach_no_staff_or_audit_screens(editor, client, url):
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert not response.has_header("Location") or "/admin/login/" not in response["Location"]
