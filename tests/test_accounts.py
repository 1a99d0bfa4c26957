"""Accounts: log-in, throttling, the CLI, and managing accounts below one's own level."""
import pytest
from sqlalchemy import select

from support.accounts import PASSWORD, login
from elections.accounts.models import User
from elections.accounts.services import AccountError, create_user
from elections.audit.models import AuditEntry
from elections.extensions import db
from support.transactions import refused


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
    (["--role", "city_admin", "--unit", "110000000000", "--password", "short"], "至少需要 10 个字符"),
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


def test_the_unit_is_chosen_by_name(client):
    """An official types a unit's name, or picks "name code" from the list the page offers."""
    login(client, "district")
    offered = client.get("/geo/search", query_string={"q": "东厂"}, headers={"Accept": "application/json"}).json
    assert [(u["code"], u["name"]) for u in offered] == [("110101001005", "东厂社区居委会")]
    data = {"display_name": "", "role": "election_committee", "password": "zhao-pass-1"}
    by_name = client.post("/accounts/new", data={**data, "username": "a1", "unit_code": "东厂社区居委会"})
    picked = client.post("/accounts/new", data={**data, "username": "a2", "unit_code": "东厂社区居委会 110101001005"})
    assert by_name.status_code == picked.status_code == 302
    assert user("a1").unit_code == user("a2").unit_code == "110101001005"
    several = client.post("/accounts/new", data={**data, "username": "a3", "unit_code": "社区"})
    assert several.status_code == 200 and "有多个单位符合" in several.text and "110101001" in several.text
    assert db.session.scalar(select(User).where(User.username == "a3")) is None
    edit = client.get(f"/accounts/{user('a1').id}").text
    assert 'value="东厂社区居委会 110101001005"' in edit


@pytest.mark.parametrize("form, message", [
    ({"role": "election_committee", "unit_code": "110102001001"}, "您的辖区内没有这个名称或代码的单位"),
    ({"role": "district_official", "unit_code": "110101000000"}, "不是有效的选择"),
    ({"role": "township_official", "unit_code": "110101001001"}, "必须绑定到 township 级单位"),
    ({"role": "clerk", "unit_code": "12345"}, "您的辖区内没有这个名称或代码的单位"),
    ({"role": "clerk", "unit_code": "南北长街社区居委会"}, "您的辖区内没有这个名称或代码的单位"),  # 西城区
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
    with refused(AccountError):
        from elections.accounts.services import update_user
        update_user(me, me, role="city_admin", unit_code=me.unit_code, display_name="", active=False)


def test_service_refuses_granting_above_own_role(app):
    with refused(AccountError):
        create_user("sun", "sun-pass-12", "city_admin", "110000000000", manager=user("district"))


def test_one_clients_login_does_not_leak_to_another(app):
    first, second = app.test_client(), app.test_client()
    login(first, "township")
    assert second.get("/me").status_code == 302  # anonymous: to the log-in page
    login(second, "city")
    assert first.get("/geo/110102000000").status_code == 403  # still the township official


# ---- vetting department accounts (R-CAND-3) --------------------------------------------------------

def test_a_department_account_names_its_department(app):
    created = create_user("gongan", "gongan-pass-1", "department", "110101001000", department=" 公安 ",
                          manager=user("district"))
    assert (created.role, created.department) == ("department", "公安")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.create",
                                                        AuditEntry.object_id == str(created.id))).one()
    assert entry.after["department"] == "公安"


@pytest.mark.parametrize("role, unit, department, message", [
    ("department", "110101001000", "", "须填写部门名称"),
    ("department", "110101001000", None, "须填写部门名称"),
    ("department", "110101001001", "公安", "区或乡镇"),  # not a committee's
    ("township_official", "110101001000", "公安", "只有审查部门账号"),
])
def test_a_department_only_for_a_department_account(app, role, unit, department, message):
    with refused(AccountError, match=message):
        create_user("li", "li-pass-123", role, unit, department=department, manager=user("district"))
    assert db.session.scalar(select(User).where(User.username == "li")) is None


def test_changing_a_department_account(app):
    from elections.accounts.services import update_user
    account = create_user("gongan", "gongan-pass-1", "department", "110101000000", department="公安")
    update_user(account, user("district"), role="department", unit_code="110101001000", display_name="派出所",
                active=True)
    assert account.department == "公安"  # kept when not given
    update_user(account, user("district"), role="department", unit_code="110101001000", display_name="派出所",
                active=True, department="信访")
    assert account.department == "信访"
    update_user(account, user("district"), role="observer", unit_code="110101001000", display_name="派出所",
                active=True)
    assert (account.role, account.department) == ("observer", None)  # no department for another role
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.update")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.before["department"] == "信访" and "department" not in entry.after


def test_district_official_creates_a_department_account(client):
    login(client, "district")
    page = client.get("/accounts/new").text
    assert 'value="department"' in page and "审查部门" in page
    assert '<option value="公安">' in page  # the departments the criteria name are offered
    refused = client.post("/accounts/new", data={"username": "fayuan", "display_name": "东城区法院",
                                                 "role": "department", "unit_code": "110101000000",
                                                 "password": "fayuan-pass-1"})
    assert refused.status_code == 200 and "须填写部门名称" in refused.text
    response = client.post("/accounts/new", data={"username": "fayuan", "display_name": "东城区法院",
                                                  "role": "department", "department": "法院",
                                                  "unit_code": "110101000000", "password": "fayuan-pass-1"})
    assert response.status_code == 302
    assert (user("fayuan").role, user("fayuan").department) == ("department", "法院")
    listed = client.get("/accounts/").text
    row = listed.split("<td>fayuan</td>")[1].split("</tr>")[0]
    assert "审查部门" in row and "法院" in row
    # A department typed in for another role is ignored, not stored.
    client.post("/accounts/new", data={"username": "zhou", "role": "observer", "department": "法院",
                                       "unit_code": "110101000000", "password": "zhou-pass-12"})
    assert user("zhou").department is None


def test_cli_creates_a_department_account(runner):
    result = runner.invoke(args=["users", "create", "gongan", "--role", "department", "--unit", "110101001000",
                                 "--department", "公安", "--password", "gongan-pass-1"])
    assert result.exit_code == 0, result.output
    assert "公安" in result.output and user("gongan").department == "公安"
    refused = runner.invoke(args=["users", "create", "jiancha", "--role", "department", "--unit", "110101001000",
                                  "--password", "jiancha-pass-1"])
    assert refused.exit_code != 0 and "部门" in refused.output
