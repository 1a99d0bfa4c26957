"""The 2026 law: the Party organisation's nomination, opt-in registration, near relatives among voters

Revision ID: 0008
Revises: 0007

R26-CAND: a nomination by the community or village Party organisation is a recorded decision of
the organisation (its body and document number). R26-ROLL: a person is registered on saying they
will take part, and the day is recorded. R26-SIZE / R26-RELATIVES: near relatives among the voters
of a committee, recorded once per pair.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_body', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('decision_ref', sa.String(length=100), nullable=True))
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opted_in_on', sa.Date(), nullable=True))
    with op.batch_alter_table('roll_import_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opted_in_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('relatives', sa.Text(), nullable=True))
    op.create_table(
        'voter_relatives',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('relative_id', sa.Integer(), nullable=False),
        sa.Column('relation', sa.String(length=20), nullable=False),
        sa.Column('recorded_on', sa.Date(), nullable=False),
        sa.Column('recorded_by', sa.String(length=64), nullable=False),
        sa.CheckConstraint('voter_id < relative_id', name='ck_voter_relatives_ordered'),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.ForeignKeyConstraint(['voter_id'], ['voters.id']),
        sa.ForeignKeyConstraint(['relative_id'], ['voters.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('voter_id', 'relative_id', name='uq_voter_relatives_pair'),
    )
    op.create_index('ix_voter_relatives_election_id', 'voter_relatives', ['election_id'])
    op.create_index('ix_voter_relatives_relative_id', 'voter_relatives', ['relative_id'])


def downgrade():
    op.drop_index('ix_voter_relatives_relative_id', table_name='voter_relatives')
    op.drop_index('ix_voter_relatives_election_id', table_name='voter_relatives')
    op.drop_table('voter_relatives')
    with op.batch_alter_table('roll_import_rows', schema=None) as batch_op:
        batch_op.drop_column('relatives')
        batch_op.drop_column('opted_in_on')
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.drop_column('opted_in_on')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_column('decision_ref')
        batch_op.drop_column('decision_body')
