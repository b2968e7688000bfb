"""报名审核 and 报名管理 (forms_app's data migration), reached the way staff reach them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from forms_app.models import Application
from tests.forms_app.admin_helpers import create_review_data, detail_url, id_number
from tests.forms_app.factories import staff_user

EXPORT = "/admin/applications-exchange/export/"
IMPORT = "/admin/applications-exchange/import/"


@pytest.fixture
def member(loaded_site, client):
    def login(group_name: str):
        user = staff_user(group_name, admin_access=False, view_application=False)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return login


def test_reviewers_decide_with_masked_numbers_and_cannot_export_or_import(member, client):
    create_review_data()
    member("报名审核")
    application = Application.objects.get(name="张三")

    listing = client.get("/admin/applications/")
    assert listing.status_code == 200
    assert id_number(1) not in listing.content.decode()
    assert application.id_number_masked in listing.content.decode()
    detail = client.get(detail_url(application)).content.decode()
    assert id_number(1) not in detail and "13800138000" not in detail
    decided = client.post(f"{detail_url(application)}decision/", {"decision": "approved"})
    assert decided.status_code == 302
    # Exports need only the view permission, and a reviewer's are masked: no full-number choice.
    assert "包含完整身份证号和手机号" not in client.get(EXPORT).content.decode()
    for url in (IMPORT, "/admin/audit/", "/admin/users/"):
        assert client.get(url).status_code in (302, 403), url
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)


def test_managers_export_import_and_see_full_numbers_but_do_not_decide(member, client):
    create_review_data()
    member("报名管理")
    application = Application.objects.get(name="张三")

    assert client.get(EXPORT).status_code == 200
    assert client.get(IMPORT).status_code == 200
    assert "包含完整身份证号和手机号" in client.get(EXPORT).content.decode()
    detail = client.get(detail_url(application)).content.decode()
    assert id_number(1) in detail and "13800138000" in detail
    refused = client.post(f"{detail_url(application)}decision/", {"decision": "approved"})
    assert refused.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "submitted"
    for url in ("/admin/audit/", "/admin/users/"):
        assert client.get(url).status_code in (302, 403), url
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)
