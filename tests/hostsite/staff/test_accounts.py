"""Staff accounts: lockout after wrong passwords (django-axes), lifting it, session limits,
password length."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hostsite import audit
from hostsite.models import AuditEntry

from tests.hostsite.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105


@pytest.fixture
def editor():
    user = UserFactory(username="editor")
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def login(client, username="editor", password=PASSWORD, address="10.0.0.1"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(client, editor):
    for n in range(50):
        login(client, password=f"guess-{n}")

    response = login(client)

    assert response.status_code == 429
    assert "登录已被锁定" in response.content.decode()
    assert not logged_in(client)
    assert AuditEntry.objects.filter(action=audit.LOCKOUT, actor_label="editor").exists()
    assert AuditEntry.objects.filter(action=audit.LOGIN_FAILED).count() >= 5


def test_lockout_is_per_account_from_any_address(client, editor):
    for n in range(5):
        login(client, password=f"guess-{n}", address="10.0.0.1")

    assert login(client, address="10.9.9.9").status_code == 429
    assert not logged_in(client)


def test_lockout_is_per_address_for_any_account(client, editor):
    other = UserFactory(username="other")
    other.set_password(PASSWORD)
    other.save()
    for n in range(5):
        login(client, username=f"nobody{n}", password="x", address="10.0.0.7")

    assert login(client, username="other", address="10.0.0.7").status_code == 429
    assert login(client, username="other", address="10.0.0.8").status_code == 302


def test_an_administrator_lifts_a_lockout_in_the_admin(client, editor):
    for n in range(5):
        login(client, password=f"guess-{n}")
    assert login(client).status_code == 429

    chief = UserFactory(username="chief", is_superuser=True)
    admin = type(client)()
    admin.force_login(chief)
    page = admin.get("/admin/lockouts/")
    assert page.status_code == 200 and "editor" in page.content.decode()
    attempt = page.context["attempts"][0]
    assert admin.post("/admin/lockouts/", {"attempt": attempt.pk}).status_code == 302

    assert login(client).status_code == 302
    assert logged_in(client)
    lifted = AuditEntry.objects.get(action=audit.LOCKOUT_LIFTED)
    assert (lifted.actor_label, lifted.object_label) == ("chief", "editor")


def test_staff_without_the_right_cannot_lift_lockouts(client, editor):
    client.force_login(editor)
    assert client.get("/admin/lockouts/").status_code in (302, 403)


@pytest.fixture
def clock(monkeypatch):
    from hostsite.staff import middleware

    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    return now


def test_session_ends_after_thirty_idle_minutes(client, editor, clock):
    assert login(client).status_code == 302
    clock[0] += 29 * 60
    assert client.get("/admin/").status_code == 200
    clock[0] += 29 * 60  # active 29 minutes ago: still in
    assert client.get("/admin/").status_code == 200
    clock[0] += 31 * 60

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not logged_in(client)


def test_session_ends_twelve_hours_after_login_however_active(client, editor, clock):
    assert login(client).status_code == 302
    for _ in range(12 * 4 + 1):
        clock[0] += 15 * 60
        response = client.get("/admin/")
    assert response.status_code == 302
    assert not logged_in(client)


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as error:
        validate_password("Xq7#kLm2pQ9")  # 11 characters
    assert "12" in " ".join(error.value.messages)
    validate_password("Xq7#kLm2pQ9z")


def test_the_login_page_labels_its_fields_in_chinese(client):
    from tests.hostsite.visible_text import text_nodes

    page = client.get("/admin/login/").content.decode()
    texts = [text for _tags, text in text_nodes(page, inside="form")]

    assert "密码" in texts
    assert "Password" not in texts


def test_the_login_page_says_where_staff_sign_in(client):
    page = client.get("/admin/login/").content.decode()
    heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]

    assert "登录管理后台" in heading
    assert "Wagtail" not in heading
