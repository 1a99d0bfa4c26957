"""The Chinese catalog covers every message in the code, and the compiled catalog is current."""
import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
METHODS = [("elections/**.py", "python"), ("templates/**.html", "jinja2")]


def source_messages() -> set:
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
                "N_": None}  # N_: marked in pure modules, translated by their callers
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=keywords, options_map={"templates/**.html": {}}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_chinese_translation():
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy}
    missing = sorted(source_messages() - translated)
    assert missing == [], "run `make translations` and translate: " + "; ".join(missing)


def test_compiled_catalog_is_current():
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.read_bytes() == compiled.getvalue(), "run `make setup` to compile the catalogs"
