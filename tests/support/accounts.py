"""The test accounts, one per role in and out of the jurisdiction of 多福巷社区, and logging in."""
PASSWORD = "correct-horse-7"
# username → (role, unit). "in" accounts sit above or at 多福巷社区 (东城区 › 东华门街道);
# "out" accounts are elsewhere (西城区 › 西长安街街道 › 南北长街社区), to prove jurisdiction.
ACCOUNTS = {
    "city": ("city_admin", "110000000000"),
    "district": ("district_official", "110101000000"),
    "township": ("township_official", "110101001000"),
    "committee": ("election_committee", "110101001001"),
    "clerk": ("clerk", "110101001001"),
    "observer": ("observer", "110101000000"),
    "department": ("department", "110101001000"),  # the township's public security, see DEPARTMENTS
    "district_out": ("district_official", "110102000000"),
    "township_out": ("township_official", "110102001000"),
    "committee_out": ("election_committee", "110102001001"),
    "clerk_out": ("clerk", "110102001001"),
    "observer_out": ("observer", "110102000000"),
    "issuer": ("issuer", "110101001001"),  # issues ballots at the places it is assigned to (R-POLL-3)
}
DEPARTMENTS = {"department": "公安"}
IN_COMMITTEE, IN_TOWNSHIP, IN_DISTRICT = "110101001001", "110101001000", "110101000000"


def login(client, username: str, password: str = PASSWORD):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def log_in(page, base: str, username: str):
    """Log in through the browser's login form."""
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
