"""Statistics: each committee election's figures, and the candidate profile they read

Revision ID: 0012
Revises: 0011

R-COUNT-10, R-MODE-3: turnout against the electorate of the mode; who was elected by sex, age,
education, Party membership, ethnicity, incumbency and the dual role (一肩挑, R26-SIZE).
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('election_figures',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=12), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id'], name=op.f('fk_election_figures_election_id_committee_elections')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_election_figures_round_id_rounds')),
    sa.PrimaryKeyConstraint('election_id', name=op.f('pk_election_figures'))
    )
    with op.batch_alter_table('election_figures', schema=None) as batch_op:
        batch_op.create_index('ix_election_figures_round_district', ['round_id', 'district_code'], unique=False)
        batch_op.create_index('ix_election_figures_round_township', ['round_id', 'township_code'], unique=False)

    with op.batch_alter_table('nominees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('education', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('ethnicity', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('party_member', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('incumbent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('party_secretary', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('nominees', schema=None) as batch_op:
        batch_op.drop_column('party_secretary')
        batch_op.drop_column('incumbent')
        batch_op.drop_column('party_member')
        batch_op.drop_column('ethnicity')
        batch_op.drop_column('education')

    with op.batch_alter_table('election_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_election_figures_round_township')
        batch_op.drop_index('ix_election_figures_round_district')

    op.drop_table('election_figures')
