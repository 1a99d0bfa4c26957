"""The rules page (`/rules`, `/rules/<id>`): the law in words, and the links every cited rule id
on any page leads to (the `rule_links` filter)."""
import re

from flask import Blueprint, abort, render_template, url_for
from markupsafe import Markup, escape

from .. import access
from .catalogue import GROUPS, LAWS, RULE_ID, RULES, RULESET_NAMES

# A cited id not yet linked: not inside a link's address (after /) or its text (after >).
CITED = re.compile(r"(?<![/>])" + RULE_ID.pattern)

bp = Blueprint("law", __name__)


@bp.get("/rules")
@access.public
def index():
    by_group = {group: [r for r in RULES.values() if r.group == group] for group in GROUPS}
    return render_template("law/index.html", by_group=by_group, groups=GROUPS, laws=LAWS, ruleset_names=RULESET_NAMES)


@bp.get("/rules/<rule_id>")
@access.public
def show(rule_id: str):
    rule = RULES.get(rule_id.upper()) or abort(404)
    return render_template("law/rule.html", rule=rule, groups=GROUPS, laws=LAWS, ruleset_names=RULESET_NAMES)


def rule_links(text) -> Markup:
    """`text` (escaped unless it is markup already) with every rule id it cites linked to its page;
    applying it twice links nothing twice."""
    def link(match):
        rule_id = match.group(0)
        if rule_id not in RULES:
            return rule_id
        return f'<a class="rule-link" href="{url_for("law.show", rule_id=rule_id)}">{rule_id}</a>'
    return Markup(CITED.sub(link, str(escape(text))))
