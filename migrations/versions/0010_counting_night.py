"""Counting night: the ballots of each committee election, the tally sheets of their boxes and
every entry typed on them, and annulled wins

Revision ID: 0010
Revises: 0009

R-POLL-4: each box's sheet, counted at the central venue; blind double entry keeps every entry.
R-COUNT-6/7: a ballot is the first, a revote or a supplementary election, with its record and
result once counted. R-COUNT-8: the decision to leave seats empty. R-COUNT-11: annulments.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ballots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=15), nullable=False),
        sa.Column('revote_of', sa.String(length=15), nullable=True),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('posts', sa.JSON(), nullable=False),
        sa.Column('candidates', sa.JSON(), nullable=False),
        sa.Column('elected_before', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
        sa.Column('record', sa.JSON(), nullable=True),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('counted_on', sa.Date(), nullable=True),
        sa.Column('seats_left_empty', sa.JSON(), nullable=True),
        sa.Column('prepared_by', sa.String(length=64), nullable=False),
        sa.Column('amended', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('election_id', 'number'),
    )
    op.create_index('ix_ballots_election_id', 'ballots', ['election_id'])
    op.create_table(
        'tally_sheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=True),
        sa.Column('notes', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'),
                  nullable=False),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id']),
        sa.ForeignKeyConstraint(['place_id'], ['polling_places.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('ballot_id', 'place_id'),
    )
    op.create_index('ix_tally_sheets_ballot_id', 'tally_sheets', ['ballot_id'])
    op.create_table(
        'tally_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('notes', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('superseded', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['sheet_id'], ['tally_sheets.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_tally_entries_sheet_id', 'tally_entries', ['sheet_id'])
    op.create_table(
        'annulments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('post', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_annulments_election_id', 'annulments', ['election_id'])


def downgrade():
    op.drop_index('ix_annulments_election_id', table_name='annulments')
    op.drop_table('annulments')
    op.drop_index('ix_tally_entries_sheet_id', table_name='tally_entries')
    op.drop_table('tally_entries')
    op.drop_index('ix_tally_sheets_ballot_id', table_name='tally_sheets')
    op.drop_table('tally_sheets')
    op.drop_index('ix_ballots_election_id', table_name='ballots')
    op.drop_table('ballots')
