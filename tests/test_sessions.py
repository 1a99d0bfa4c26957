"""Sessions end when they should, passwords are not the first a guesser tries, one name is one
account whatever its case, and no redirect leaves the site."""
import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from elections.accounts import services
from elections.accounts.models import User
from elections.config import from_environment
from elections.extensions import db
from support.accounts import PASSWORD, login
from support.apps import fresh_app
from support.transactions import refused


def user(name) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def cookie(client, app) -> str:
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def replay(app, value: str, url: str = "/audit/"):
    """A request made with a copy of a session cookie taken earlier."""
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return other.get(url)


# ---- sessions ---------------------------------------------------------------------------------------

def test_logging_out_ends_the_session_even_for_a_copy_of_its_cookie(app, client):
    """The finding: a cookie copied before logout still worked after it."""
    login(client, "township")
    copied = cookie(client, app)
    assert replay(app, copied).status_code == 200
    client.post("/logout")
    assert replay(app, copied).headers["Location"].startswith("/login")


def test_a_new_password_ends_the_accounts_sessions(app, client):
    login(client, "township")
    copied = cookie(client, app)
    services.update_user(user("township"), user("city"), role="township_official", unit_code="110101001000",
                         display_name="", active=True, password="another-horse-8")
    assert replay(app, copied).headers["Location"].startswith("/login")


def test_deactivating_an_account_ends_its_sessions(app, client):
    login(client, "township")
    copied = cookie(client, app)
    services.update_user(user("township"), user("city"), role="township_official", unit_code="110101001000",
                         display_name="", active=False)
    db.session.commit()
    services.update_user(user("township"), user("city"), role="township_official", unit_code="110101001000",
                         display_name="", active=True)
    assert replay(app, copied).headers["Location"].startswith("/login")


def test_changing_ones_own_password_keeps_this_browser_logged_in(app, client):
    login(client, "city")
    city = user("city")
    response = client.post(f"/accounts/{city.id}", data={
        "display_name": "", "role": "city_admin", "unit_code": "110000000000", "active": "y",
        "password": "my-new-password-9"})
    assert response.status_code == 302, response.text[:300]
    assert client.get("/accounts/").status_code == 200


def test_the_csrf_token_is_new_after_login(databases):
    """A token an attacker planted before the login (or read off the login page) is worth nothing after."""
    with fresh_app(databases, WTF_CSRF_ENABLED=True) as app:
        client = app.test_client()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
        with client.session_transaction() as session:
            before = session["csrf_token"]
        response = client.post("/login", data={"username": "city", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        form = client.get("/rounds/new").text
        with client.session_transaction() as session:
            assert session.get("_user_id") and session["csrf_token"] != before
        assert token not in form


def test_over_https_cookies_are_secure_and_hsts_is_sent(monkeypatch, tmp_path, databases):
    monkeypatch.setenv("HTTPS", "1")
    settings = from_environment(str(tmp_path))
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    with fresh_app(databases, HTTPS=True) as app:
        response = app.test_client().get("/login")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    monkeypatch.delenv("HTTPS")
    assert not from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"]


# ---- passwords and user names ------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("12345678", "10 个字符"),
    (" " * 12, "空格"),
    ("1234567890", "最常被猜测"),
    ("Password123", "最常被猜测"),
    ("qwertyuiop", "最常被猜测"),
    ("aaaaaaaaaaaa", "最常被猜测"),
    ("abababababab", "最常被猜测"),
    ("zhangsan01x", "用户名相同"),
])
def test_the_password_policy(app, password, message):
    with refused(services.AccountError, match=message):
        services.create_user("zhangsan01x", password, "observer", "110101000000")


def test_a_good_password_is_accepted(app):
    assert services.create_user("lisi", "马上-horse-2026", "observer", "110101000000").username == "lisi"


def test_user_names_are_one_whatever_their_case(app, client):
    with refused(services.AccountError, match="已被占用"):
        services.create_user("City", "correct-horse-8", "observer", "110101000000")
    login(client, "CITY")  # the name as typed with caps lock on
    db.session.add(User(username="Township", password_hash="x", role="observer", unit_code="110101000000"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# ---- redirects ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["//evil.example/", "/\t/evil.example", "/%09/evil.example", "/\\evil.example",
                                    "https://evil.example/", "/\r\nSet-Cookie: x=1", "/%0d%0aSet-Cookie:x", "java\nscript:x"])
def test_login_redirects_only_to_paths_of_this_site(client, target):
    response = client.post("/login", query_string={"next": target}, data={"username": "city", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/", target


def test_the_language_switch_returns_only_to_paths_of_this_site(client):
    for referer, back in (("http://localhost/audit/?x=1", "/audit/?x=1"), ("http://localhost//evil.example", "/"),
                          ("http://localhost/\t/evil.example", "/"), ("https://evil.example/", "/")):
        response = client.get("/lang/en", headers={"Referer": referer})
        assert response.headers["Location"] == back, referer
