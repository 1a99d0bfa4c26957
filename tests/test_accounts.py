"""Accounts: log-in, throttling, the CLI, and managing accounts below one's own level."""
import pytest
from sqlalchemy import select

from conftest import PASSWORD, login
from elections.accounts.models import User
from elections.accounts.services import AccountError, create_user
from elections.audit.models import AuditEntry
from elections.extensions import db


def user(name) -> User:
    return db.session.scalars(select(User).where(User.username == name)).one()


def test_passwords_are_stored_with_scrypt(app):
    assert user("city").password_hash.startswith("scrypt:")
    assert PASSWORD not in user("city").password_hash


def test_login_and_logout(client):
    assert client.get("/geo/").status_code == 302  # to the log-in page
    response = login(client, "township")
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/geo/110101001000"
    assert client.post("/logout").status_code == 302
    assert client.get("/geo/110101001000").headers["Location"].startswith("/login")


def test_login_redirects_only_to_local_paths(client):
    ok = client.post("/login?next=/audit/", data={"username": "city", "password": PASSWORD})
    assert ok.headers["Location"] == "/audit/"
    client.post("/logout")
    evil = client.post("/login?next=//evil.example/", data={"username": "city", "password": PASSWORD})
    assert evil.headers["Location"] == "/"


def test_wrong_password_is_refused_in_chinese(client):
    response = client.post("/login", data={"username": "city", "password": "wrong"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_repeated_failures_are_throttled(client, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        assert client.post("/login", data={"username": "district", "password": "guess"}).status_code == 401
    # Now even the right password is refused for a while.
    blocked = client.post("/login", data={"username": "district", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.get_data(as_text=True)
    # Other accounts from another address are not affected.
    other = app.test_client()
    response = other.post("/login", data={"username": "township", "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 302


def test_throttling_per_address_covers_unknown_usernames(client, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for i in range(3):
        client.post("/login", data={"username": f"nobody{i}", "password": "x"})
    assert client.post("/login", data={"username": "city", "password": PASSWORD}).status_code == 429


def test_inactive_account_cannot_log_in(client):
    u = user("observer")
    u.active = False
    db.session.commit()
    assert client.post("/login", data={"username": "observer", "password": PASSWORD}).status_code == 401


def test_cli_creates_account(runner):
    result = runner.invoke(args=["users", "create", "wang", "--role", "township_official",
                                 "--unit", "110105001000", "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    created = user("wang")
    assert (created.role, created.unit_code) == ("township_official", "110105001000")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.create",
                                                        AuditEntry.object_id == str(created.id))).one()
    assert entry.actor == "system" and entry.after["role"] == "township_official"


@pytest.mark.parametrize("args, message", [
    (["--role", "township_official", "--unit", "110105000000"], "必须绑定到 township 级单位"),
    (["--role", "clerk", "--unit", "110199999999"], "没有该单位"),
    (["--role", "city_admin", "--unit", "110000000000", "--password", "short"], "至少需要 8 个字符"),
])
def test_cli_refuses_bad_accounts(runner, args, message):
    if "--password" not in args:
        args = args + ["--password", "long-enough-1"]
    result = runner.invoke(args=["users", "create", "li", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User).where(User.username == "li")) is None


def test_cli_refuses_taken_username(runner):
    result = runner.invoke(args=["users", "create", "city", "--role", "observer", "--unit", "110000000000",
                                 "--password", "long-enough-1"])
    assert result.exit_code != 0 and "已被占用" in result.output


def test_district_official_creates_account_below(client):
    login(client, "district")
    page = client.get("/accounts/new").get_data(as_text=True)
    assert 'value="township_official"' in page and 'value="district_official"' not in page
    response = client.post("/accounts/new", data={
        "username": "zhao", "display_name": "赵", "role": "election_committee",
        "unit_code": "110101001002", "password": "zhao-pass-1"})
    assert response.status_code == 302
    assert user("zhao").unit_code == "110101001002"
    assert "zhao" in client.get("/accounts/").get_data(as_text=True)


@pytest.mark.parametrize("form, message", [
    ({"role": "election_committee", "unit_code": "110102001001"}, "不在您的管辖范围内"),
    ({"role": "district_official", "unit_code": "110101000000"}, "不是有效的选择"),
    ({"role": "township_official", "unit_code": "110101001001"}, "必须绑定到 township 级单位"),
    ({"role": "clerk", "unit_code": "12345"}, "单位代码为 12 位数字"),
])
def test_district_official_cannot_create_outside_or_above(client, form, message):
    login(client, "district")
    data = {"username": "qian", "display_name": "", "password": "qian-pass-1", **form}
    response = client.post("/accounts/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "qian")) is None


def test_edit_account_is_audited(client):
    login(client, "district")
    target = user("observer")
    response = client.post(f"/accounts/{target.id}", data={
        "display_name": "观察员甲", "role": "observer", "unit_code": "110101001000", "active": "y", "password": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert user("observer").unit_code == "110101001000"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.update")).one()
    assert entry.actor == "district"
    assert entry.before["unit_code"] == "110101000000" and entry.after["unit_code"] == "110101001000"


def test_manager_cannot_lock_themselves_out(app):
    me = user("city")
    with pytest.raises(AccountError):
        from elections.accounts.services import update_user
        update_user(me, me, role="city_admin", unit_code=me.unit_code, display_name="", active=False)


def test_service_refuses_granting_above_own_role(app):
    with pytest.raises(AccountError):
        create_user("sun", "sun-pass-12", "city_admin", "110000000000", manager=user("district"))


def test_one_clients_login_does_not_leak_to_another(app):
    first, second = app.test_client(), app.test_client()
    login(first, "township")
    assert second.get("/me").status_code == 302  # anonymous: to the log-in page
    login(second, "city")
    assert first.get("/geo/110102000000").status_code == 403  # still the township official
