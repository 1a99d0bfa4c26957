"""Election day: polling places and their staff, proxies, the register of ballots issued

Revision ID: 0009
Revises: 0008

R-POLL-1: a central venue, polling stations and mobile ballot boxes, each with its staff from the
roll (R-CAND-6). R-POLL-2 / R26-POLL: written proxies, one standing per principal. R-POLL-3: one
ballot per elector and ballot, kept unique by the database; the count of ballots issued is kept
per committee election for the turnout pages.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('committee_elections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('electorate', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('issued', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'polling_places',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('address', sa.String(length=200), server_default='', nullable=False),
        sa.Column('opens', sa.Time(), nullable=False),
        sa.Column('closes', sa.Time(), nullable=False),
        sa.Column('serves', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('election_id', 'name'),
    )
    op.create_index('ix_polling_places_election_id', 'polling_places', ['election_id'])
    op.create_index('uq_polling_places_one_central', 'polling_places', ['election_id'], unique=True,
                    sqlite_where=sa.text("kind = 'central'"), postgresql_where=sa.text("kind = 'central'"))
    op.create_table(
        'polling_staff',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('assigned_on', sa.Date(), nullable=False),
        sa.Column('assigned_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.ForeignKeyConstraint(['place_id'], ['polling_places.id']),
        sa.ForeignKeyConstraint(['voter_id'], ['voters.id']),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('place_id', 'voter_id', 'role'),
    )
    op.create_index('ix_polling_staff_election_id', 'polling_staff', ['election_id'])
    op.create_index('ix_polling_staff_place_id', 'polling_staff', ['place_id'])
    op.create_index('ix_polling_staff_user_id', 'polling_staff', ['user_id'])
    op.create_table(
        'proxies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('principal_id', sa.Integer(), nullable=False),
        sa.Column('holder_id', sa.Integer(), nullable=False),
        sa.Column('signed_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('recorded_on', sa.Date(), nullable=False),
        sa.Column('recorded_by', sa.String(length=64), nullable=False),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.ForeignKeyConstraint(['principal_id'], ['voters.id']),
        sa.ForeignKeyConstraint(['holder_id'], ['voters.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_proxies_election_id', 'proxies', ['election_id'])
    op.create_index('ix_proxies_holder_id', 'proxies', ['holder_id'])
    op.create_index('uq_proxies_principal_standing', 'proxies', ['principal_id'], unique=True,
                    sqlite_where=sa.text('withdrawn_on IS NULL'), postgresql_where=sa.text('withdrawn_on IS NULL'))
    op.create_table(
        'ballot_issues',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('ballot', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('proxy_id', sa.Integer(), nullable=True),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('issued_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id']),
        sa.ForeignKeyConstraint(['place_id'], ['polling_places.id']),
        sa.ForeignKeyConstraint(['voter_id'], ['voters.id']),
        sa.ForeignKeyConstraint(['proxy_id'], ['proxies.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('election_id', 'ballot', 'voter_id', name='uq_ballot_issues_once'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_ballot_issues_place_id', 'ballot_issues', ['place_id'])


def downgrade():
    op.drop_index('ix_ballot_issues_place_id', table_name='ballot_issues')
    op.drop_table('ballot_issues')
    op.drop_index('uq_proxies_principal_standing', table_name='proxies')
    op.drop_index('ix_proxies_holder_id', table_name='proxies')
    op.drop_index('ix_proxies_election_id', table_name='proxies')
    op.drop_table('proxies')
    op.drop_index('ix_polling_staff_user_id', table_name='polling_staff')
    op.drop_index('ix_polling_staff_place_id', table_name='polling_staff')
    op.drop_index('ix_polling_staff_election_id', table_name='polling_staff')
    op.drop_table('polling_staff')
    op.drop_index('uq_polling_places_one_central', table_name='polling_places')
    op.drop_index('ix_polling_places_election_id', table_name='polling_places')
    op.drop_table('polling_places')
    with op.batch_alter_table('committee_elections', schema=None) as batch_op:
        batch_op.drop_column('issued')
        batch_op.drop_column('electorate')
