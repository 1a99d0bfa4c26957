"""The law in words: every rule on the rules page (/rules, /rules/<id>) in Chinese and English with
its legal source and rule set; every message that cites a rule says it in words first and links
its id there; rule sets by their names."""
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from flask_babel import gettext
from markupsafe import Markup

from support.accounts import login
from elections.clock import beijing_today
from elections.extensions import db
from elections.law.catalogue import RULE_ID, RULES
from elections.law.views import rule_links
from elections.messages import Problem
from elections.rounds import services as rounds

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "rules.md"


@pytest.mark.skipif(not SPEC.exists(), reason="the specification is not beside the repository")
def test_the_catalogue_has_every_rule_of_the_specification():
    in_spec = re.findall(r"^- (R[-0-9A-Z]+) ", SPEC.read_text("utf-8"), flags=re.M)
    assert len(in_spec) == 46 and set(in_spec) == set(RULES)


def test_every_rule_the_code_cites_is_in_the_catalogue():
    source = "\n".join(p.read_text("utf-8") for p in Path("elections").rglob("*.py")) + "\n".join(
        p.read_text("utf-8") for p in Path("templates").rglob("*.html"))
    cited = set(RULE_ID.findall(source))
    assert len(cited) > 30 and cited - set(RULES) == set()


def test_a_rule_page_gives_the_rule_its_source_and_rule_set(client):
    page = client.get("/rules/R-ROLL-5").text  # public: the law is for everybody
    assert "选民名单至迟在选举日前20日公布" in page
    assert "选民名单应当在选举日的20日以前公布" in page.split('id="rule-text"')[1]
    source = page.split('id="rule-source"')[1].split("</td>")[0]
    assert "《村民委员会组织法》（2018年修正）第14条" in source and "《北京市村民委员会选举办法》（2012年修订）第15条" in source
    assert "北京市村民委员会选举办法（2012）等" in page.split('id="rule-set"')[1] and "beijing-2018" not in page
    assert "2026年施行的修订法律" in client.get("/rules/R26-MODE").text.split('id="rule-set"')[1]
    assert client.get("/rules/r-roll-5").status_code == 200
    assert client.get("/rules/R-ROLL-99").status_code == 404
    client.get("/lang/en")
    english = client.get("/rules/R-ROLL-5").text
    assert "the voter list is published at least 20 days before election day" in english
    assert "Organic Law of Villagers' Committees (2018) art. 14; Beijing Village" in english


def test_the_rules_page_lists_every_rule_by_chapter(client):
    page = client.get("/rules").text
    for rule_id in RULES:
        assert f'id="rule-{rule_id}"' in page and f'href="/rules/{rule_id}"' in page
    assert "选民登记和选民名单" in page and "2026年起施行的变化" in page


def test_a_message_says_the_rule_in_words_then_links_its_id(app):
    with app.test_request_context("/"):
        problem = Problem("The voter list was published on %(published)s: election day cannot be earlier than "
                          "%(earliest)s.", {"published": "2026-05-10", "earliest": "2026-05-30"}, rule="R-ROLL-5")
        text = problem.text(gettext)  # the app's default language: Chinese
        assert text.endswith("（依据：选民名单至迟在选举日前20日公布，R-ROLL-5）。")
        linked = rule_links(text)
        assert '<a class="rule-link" href="/rules/R-ROLL-5">R-ROLL-5</a>）。' in linked


@given(st.lists(st.sampled_from(["R-ROLL-5", "R26-MODE", "R-COUNT-10", "<b>", "&", "R-NOPE-1", " ", "中文",
                                 "'\"", "/rules/", ">R-CAND-3"]), max_size=12))
def test_rule_links_escape_the_text_and_link_each_id_once(shared_app, parts):
    text = "".join(parts)
    with shared_app.test_request_context("/"):
        once = rule_links(text)
        assert isinstance(once, Markup) and rule_links(once) == once  # applying it again links nothing twice
        assert re.sub(r"<a [^>]*>|</a>", "", str(once)) == str(Markup.escape(text))
        assert str(once).count('class="rule-link"') == sum(
            1 for m in RULE_ID.finditer(str(Markup.escape(text))) if m.group(0) in RULES
            and not str(Markup.escape(text))[:m.start()].endswith((">", "/")))


def test_rule_sets_are_shown_by_their_names(client):
    rounds.open_round("2026年换届选举", beijing_today(), beijing_today(), village_term=12, residential_term=11,
                      ruleset="national-2026")
    db.session.commit()
    login(client, "city")
    page = client.get("/rounds/").text
    assert "2026年施行的修订法律" in page and ">national-2026<" not in page
    form = client.get("/rounds/new").text
    assert "北京市村民委员会选举办法（2012）等" in form
