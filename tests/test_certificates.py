"""Certificates of election (R-CERT-2): issued at certification (R-CERT-3) with the term of the rule
set (R-SIZE-2), an unguessable serial and a QR code that decodes to the public verification page,
which says whether the certificate is current, annulled (R-COUNT-11) or replaced."""
import re
import subprocess
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support.accounts import login
from support.pdf import pdf_fonts, pdf_pages, pdf_text
from support.rolls_data import user
from support.tally_data import CLEAR, NAMES, enter_twice, voted
from support.transactions import refused, save
from elections.documents import certificates, serials, terms
from elections.extensions import db
from elections.results import services as results

DAY = date(2026, 6, 6)
RARE = "王𠮷䶮堃玥赟"  # Ext B, Ext A and rare BMP characters of real names


def squash(text: str) -> str:
    return "".join(text.split())


# ---- the law, pure --------------------------------------------------------------------------------

def test_r_cert_2_serials_are_80_random_bits_in_typeable_groups():
    drawn = {serials.new_serial() for _ in range(2000)}
    assert len(drawn) == 2000  # never the same twice, nor in sequence
    for serial in drawn:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}", serial), serial
    assert len(serials.ALPHABET) ** serials.LENGTH >= 2 ** 80
    assert not set("01OI") & set(serials.ALPHABET)
    # Each position takes every symbol: the serial is random, not a counter or a code of the committee.
    assert all(len({s[i] for s in drawn}) == 32 for i in (0, 5, 10, 18))


@given(st.text(alphabet=serials.ALPHABET, min_size=16, max_size=16), st.sampled_from(["", " ", "-", "\u3000"]),
       st.booleans())
def test_r_cert_2_a_serial_is_found_however_it_is_typed(compact, separator, lower):
    printed = serials.printed(compact)
    typed = separator.join(compact[i:i + 4] for i in range(0, 16, 4))
    assert serials.normalise(typed.lower() if lower else typed) == printed


@given(st.text(min_size=0, max_size=24))
def test_r_cert_2_anything_else_is_no_serial(typed):
    result = serials.normalise(typed)
    assert result is None or (len(result) == 19 and set(result.replace("-", "")) <= set(serials.ALPHABET))
    for bad in ("0", "O", "1", "I"):
        assert serials.normalise(bad * 16) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 30), st.integers(1, 9))
def test_r_size_2_the_term_ends_the_day_before_its_anniversary(day, later, years):
    from datetime import timedelta
    member_day = day + timedelta(days=later)
    start, end = terms.term(day, member_day, years)
    assert start == member_day
    assert end == terms.anniversary(day, years) - timedelta(days=1)
    assert end.year == day.year + years or (end.month, end.day) == (12, 31)
    assert terms.term(date(2024, 2, 29), date(2024, 2, 29), 5)[1] == date(2029, 2, 27)


# ---- issued at certification ----------------------------------------------------------------------

@pytest.fixture
def certified(app):
    election, ballot, (central,) = voted(DAY)
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
    assert certificates.certificates_of(election) == []  # counted is not yet certified
    save(results.certify, election, user("township"), today=date(2026, 6, 8))
    return election


def test_r_cert_2_each_member_receives_a_certificate_at_certification(certified):
    issued = certificates.certificates_of(certified)
    assert [(c.post, c.name) for c in issued] == [
        ("director", NAMES[1]), ("deputy_director", NAMES[3]), ("member", NAMES[5]), ("member", NAMES[6]),
        ("member", NAMES[7]), ("member", NAMES[8])]
    for c in issued:
        # R-SIZE-2: five years from the election day, as the 2026 rule set says.
        assert (c.term_start, c.term_end) == (DAY, date(2031, 6, 5))
        assert c.term_number == 11 and c.issued_on == date(2026, 6, 8) and c.status == "current"
        assert c.issuing_authority == "东华门街道办事处" and c.issued_by == "township"
    assert len({c.serial for c in issued}) == 6


def test_r_cert_2_the_township_names_its_issuing_authority(certified):
    township = certified.committee.parent
    township.issuing_authority = "北京市东城区人民政府东华门街道办事处"
    db.session.flush()
    old = certificates.certificates_of(certified)[0]
    new = save(certificates.reissue, old, "证书遗失", user("township"), today=date(2026, 7, 1))
    assert new.issuing_authority == "北京市东城区人民政府东华门街道办事处"


def test_r_cert_2_certificates_print_one_page_each_with_a_qr_code_to_their_page(certified, tmp_path, artifacts, app):
    app.config["PUBLIC_BASE_URL"] = "https://xuanju.beijing.example"
    issued = certificates.certificates_of(certified)
    issued[0].name = RARE
    data = certificates.certificates_pdf(issued, number="CE-TEST")
    (artifacts / "certificates.pdf").write_bytes(data)
    assert pdf_pages(data, tmp_path) == 6
    pages = [squash(p) for p in pdf_text(data, tmp_path).split("\f") if p.strip()]
    assert len(pages) == 6
    first = pages[0]
    assert "当选证书" in first and f"{RARE}同志" in first  # every rare character extracted, none missing
    assert "在多福巷社区第十一届居民委员会选举中，您当选为多福巷社区居民委员会主任。" in first
    assert "任期5年，自2026年6月6日起至2031年6月5日止。" in first
    assert "东华门街道办事处（盖章）" in first and "2026年6月8日" in first
    for certificate, page in zip(issued, pages):
        assert f"证书编号{certificate.serial}" in page  # on the certificate and in the footer
        assert re.search(r"打印于\d{4}-\d\d-\d\d\d\d:\d\d", page) and "第1页/共6页" in pages[0]
    assert "演练" not in "".join(pages)  # the test round is not a training round
    fonts = pdf_fonts(data, tmp_path)
    assert re.search(r"Noto-?Serif-?CJK-?SC.*\byes\s+yes\b", fonts), fonts  # embedded, subset
    # The rare characters are drawn from Noto Serif CJK SC itself, which has them (no fallback box).
    for char in RARE:
        covering = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True,
                                  text=True, check=True).stdout
        assert "Noto Serif CJK SC" in covering, char
    # The QR code of each page decodes to that certificate's verification address.
    (tmp_path / "c.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "page")], check=True)
    for n, certificate in enumerate(issued, 1):
        png = next(tmp_path.glob(f"page-{n}.png"))
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
        assert decoded == f"https://xuanju.beijing.example/verify/{certificate.serial}"
    (artifacts / "certificate-1.png").write_bytes((tmp_path / "page-1.png").read_bytes())


def test_r_cert_3_a_reissued_certificate_names_the_one_it_replaces(certified, tmp_path):
    old = certificates.certificates_of(certified)[2]
    with refused(certificates.CertificateError, match="township"):
        certificates.reissue(old, "遗失", user("committee"))
    with refused(certificates.CertificateError, match="why"):
        certificates.reissue(old, " ", user("township"))
    new = save(certificates.reissue, old, "证书遗失", user("township"), today=date(2026, 9, 1))
    assert (old.status, old.ended_on) == ("replaced", date(2026, 9, 1)) and new.replaces is old
    assert new.serial != old.serial and (new.term_start, new.term_end) == (old.term_start, old.term_end)
    with refused(certificates.CertificateError, match="current"):
        certificates.reissue(old, "再次", user("township"))
    text = squash(pdf_text(certificates.certificates_pdf([new], number="CE-T"), tmp_path))
    assert f"补发证书：本证书取代2026年6月8日颁发的编号{old.serial}的证书，原证书作废。" in text


def test_r_count_11_an_annulled_win_ends_its_certificate(certified):
    save(results.annul, certified, "member", NAMES[7], "贿选查实", user("district"), today=date(2026, 8, 1))
    by_name = {c.name: c for c in certificates.certificates_of(certified)}
    assert by_name[NAMES[7]].status == "annulled" and by_name[NAMES[7]].ended_on == date(2026, 8, 1)
    assert all(c.status == "current" for name, c in by_name.items() if name != NAMES[7])


# ---- the public verification page ------------------------------------------------------------------

def test_r_cert_2_the_verification_page_says_current_annulled_or_replaced_and_nothing_else(certified, client):
    issued = certificates.certificates_of(certified)
    current = issued[0]
    page = client.get(f"/verify/{current.serial.lower().replace('-', ' ')}")  # as typed: any case, spaces
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Cache-Control" in page.headers
    assert "真实有效" in text and NAMES[1] in text and "多福巷社区居民委员会" in text and "主任" in text
    assert "2026-06-06 – 2031-06-05" in text and "第十一届" in text
    # Nothing else: no votes, no ID number, no other member.
    assert "31" not in re.sub(r"20\d\d-\d\d-\d\d|<[^>]*>", "", text).replace("2031", "")
    assert NAMES[3] not in text and "1101" not in text.split("</nav>", 1)[-1].split("<footer", 1)[0]

    save(results.annul, certified, "member", NAMES[7], "贿选查实", user("district"), today=date(2026, 8, 1))
    annulled = next(c for c in issued if c.name == NAMES[7])
    text = client.get(f"/verify/{annulled.serial}").get_data(as_text=True)
    assert "已作废" in text and "2026-08-01" in text and "贿选" not in text

    new = save(certificates.reissue, issued[1], "遗失", user("township"), today=date(2026, 9, 1))
    text = client.get(f"/verify/{issued[1].serial}").get_data(as_text=True)
    assert "已被替换" in text and "2026-09-01" in text and new.serial not in text
    assert "真实有效" in client.get(f"/verify/{new.serial}").get_data(as_text=True)

    missing = client.get("/verify/2222-2222-2222-2222")
    assert missing.status_code == 404 and "不是真实" in missing.get_data(as_text=True)
    assert client.get("/verify/not-a-serial").status_code == 404
    assert client.get("/verify?serial=abcd").status_code == 302


def test_r_cert_2_the_verification_page_is_rate_limited_per_address(app, client):
    app.config["VERIFY_LOOKUPS"] = 3
    assert [client.get("/verify/2222-2222-2222-2222").status_code for _ in range(4)] == [404, 404, 404, 429]
    other = client.get("/verify/2222-2222-2222-2222", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 404


def test_the_count_page_lists_the_certificates_and_the_township_reissues_one(certified, client):
    login(client, "township")
    base = f"/rounds/{certified.round_id}/count/{certified.committee_code}"
    text = client.get(base).get_data(as_text=True)
    issued = certificates.certificates_of(certified)
    assert all(c.serial in text for c in issued) and "打印当选证书" in text
    pdf = client.get(f"/documents/rounds/{certified.round_id}/certificates/{certified.committee_code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    db.session.expire_all()
    assert all(c.printed_at is not None for c in certificates.certificates_of(certified))
    response = client.post(f"/documents/rounds/{certified.round_id}/certificates/{certified.committee_code}/"
                           f"{issued[0].id}/reissue", data={"reason": ""})
    assert response.status_code == 302 and issued[0].status == "current"  # refused: no reason
    response = client.post(f"/documents/rounds/{certified.round_id}/certificates/{certified.committee_code}/"
                           f"{issued[0].id}/reissue", data={"reason": "证书损毁"}, follow_redirects=True)
    db.session.expire_all()
    assert "已由" in response.get_data(as_text=True)
    assert certificates.certificates_of(certified)[0].status == "replaced"


def test_r_cert_2_a_township_official_sets_the_issuing_authority_on_the_batch_page(certified, client):
    login(client, "township")
    base = f"/documents/rounds/{certified.round_id}/batches/110101001000"
    page = client.get(base).get_data(as_text=True)
    assert 'placeholder="东华门街道办事处"' in page
    too_long = client.post(base + "/issuing-authority", data={"issuing_authority": "长" * 101})
    assert too_long.status_code == 422 and "100" in too_long.get_data(as_text=True)
    saved = client.post(base + "/issuing-authority", data={"issuing_authority": " 北京市东城区人民政府  东华门街道办事处 "})
    assert saved.status_code == 302
    db.session.expire_all()
    assert certified.committee.parent.issuing_authority == "北京市东城区人民政府 东华门街道办事处"
    old = certificates.certificates_of(certified)[0]
    assert old.issuing_authority == "东华门街道办事处"  # issued before: unchanged
    new = save(certificates.reissue, old, "遗失", user("township"))
    assert new.issuing_authority == "北京市东城区人民政府 东华门街道办事处"
    login(client, "committee")
    assert client.post(base + "/issuing-authority", data={"issuing_authority": "x"}).status_code == 403
