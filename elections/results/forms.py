from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms.validators import Length

# A committee's record is a few kilobytes; this leaves room for the largest committee many times
# over and stays under Werkzeug's limit for form fields (500 000 bytes).
MAX_RECORD_SIZE = 400_000


class WhatIfForm(FlaskForm):
    record_file = FileField(_l("Election record file (JSON)"), validators=[
        FileSize(MAX_RECORD_SIZE, message=_l("The file is too large for an election record."))])
    record_text = TextAreaField(_l("… or paste the record here"), validators=[
        Length(max=MAX_RECORD_SIZE, message=_l("The text is too long for an election record."))])
