"""Pages of the voter rolls: a committee's roll, its voters, publication, objections, exports."""
from flask import Blueprint

bp = Blueprint("rolls", __name__, url_prefix="/rounds/<int:round_id>/rolls")
