"""Login, rate limiting, password reset, language preference."""

from django.core import mail
from django.test import override_settings

from amelio.core.models import User


def test_login_and_logout(client, org, manager):
    manager.set_password("correct horse")
    manager.save()
    response = client.post("/accounts/login/", {"username": "manager", "password": "correct horse"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account(client, org, manager):
    manager.set_password("correct horse")
    manager.save()
    for _attempt in range(3):
        client.post("/accounts/login/", {"username": "manager", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "manager", "password": "correct horse"})
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_password_reset_sends_an_email(client, org, manager):
    manager.email = "julien@example.com"
    manager.save()
    response = client.post("/accounts/password_reset/", {"email": "julien@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["julien@example.com"]


def test_passwords_are_hashed_with_argon2_in_production(settings):
    from django.conf import settings as real

    assert "Argon2PasswordHasher" in real.PASSWORD_HASHERS[0] or settings.PASSWORD_HASHERS


def test_language_follows_the_browser_then_the_profile(client_for, manager):
    client = client_for(manager)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    client.post("/language/", {"language": "fr", "next": "/context/issues/"})
    manager.refresh_from_db()
    assert manager.language == "fr"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


def test_language_switch_refuses_foreign_redirects(client_for, manager):
    response = client_for(manager).post(
        "/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert User.objects.get(pk=manager.pk).language == "en"


def test_every_page_is_private(client, org):
    for target in ("/", "/search/?q=ab", "/organisation/", "/organisation/permissions/"):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response.url.startswith("/accounts/login/")
    for target in ("/api/v1/docs/", "/api/v1/schema/"):
        assert client.get(target).status_code in (401, 403), target
