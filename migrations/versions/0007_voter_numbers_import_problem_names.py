"""Voter numbers per roll (编号), the person's name on import problems, each staged row's place in its committee

Revision ID: 0007
Revises: 0006

A voter's number is sequential within the committee election and never changes: voters already on
a roll are numbered in the order they were added.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roll_import_problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=50), nullable=True))
    with op.batch_alter_table('roll_import_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
    op.execute("UPDATE voters SET number = (SELECT n FROM (SELECT id, row_number() OVER "
               "(PARTITION BY election_id ORDER BY id) AS n FROM voters) AS numbered WHERE numbered.id = voters.id)")
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('uq_voters_election_number', ['election_id', 'number'], unique=True)


def downgrade():
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.drop_index('uq_voters_election_number')
        batch_op.drop_column('number')
    with op.batch_alter_table('roll_import_rows', schema=None) as batch_op:
        batch_op.drop_column('seq')
    with op.batch_alter_table('roll_import_problems', schema=None) as batch_op:
        batch_op.drop_column('name')
