"""Pages of roll imports: upload, the check's report, apply or discard."""
from flask import Blueprint

bp = Blueprint("roll_imports", __name__, url_prefix="/rounds/<int:round_id>/rolls")
