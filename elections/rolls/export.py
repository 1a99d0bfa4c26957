"""The roll as an XLSX workbook, in the columns of the import template plus status, so an
official's export can be corrected and read again. Written in openpyxl's write-only mode, so a
township's roll streams through without its cells held in memory."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import func, select

from ..extensions import db
from ..geography.models import Division
from ..spreadsheets import neutralised_row
from .idnumber import mask
from .labels import NOT_REGISTERED_LABELS, REMOVAL_LABELS, SEX_LABELS, STATUS_LABELS
from .models import Household, Voter, VoterGroup

HEADERS = ("村(居)委会代码", "村(居)委会名称", "编号", "姓名", "公民身份号码", "性别", "出生日期", "户号", "居民小组",
           "登记类别", "户籍地", "户代表", "状态", "原因", "变更日期")


def roll_xlsx(elections, *, masked: bool) -> tuple[bytes, int]:
    """The workbook and its number of voter rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Voter roll"))
    sheet.append(HEADERS)
    rows = 0
    ids = [e.id for e in elections]
    names = dict(db.session.execute(select(Division.code, Division.name).where(
        Division.code.in_([e.committee_code for e in elections]))).all())
    codes = {e.id: e.committee_code for e in elections}
    query = (select(Voter, Household.number, VoterGroup.name).join(Household, Household.id == Voter.household_id)
             .outerjoin(VoterGroup, VoterGroup.id == Household.group_id).where(Voter.election_id.in_(ids))
             .order_by(Voter.election_id, Household.group_id, func.length(Household.number), Household.number,
                       Voter.number))
    reasons = {**NOT_REGISTERED_LABELS, **REMOVAL_LABELS}
    for voter, household, group in db.session.execute(query.execution_options(yield_per=2000)):
        code = codes[voter.election_id]
        reason = reasons.get(voter.status_reason)
        sheet.append(neutralised_row((
            code, names.get(code, ""), voter.number, voter.name, mask(voter.id_number) if masked else voter.id_number,
            str(SEX_LABELS[voter.sex]), "" if masked else voter.birth_date, household, group or "", voter.category,
            voter.hukou_place, "是" if voter.household_representative else "否",
            str(STATUS_LABELS[voter.status]), str(reason) if reason else "", voter.status_on)))
        rows += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), rows
