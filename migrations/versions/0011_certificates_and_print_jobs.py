"""Certificates of election, background print jobs, the verification page's lookups, and a
township's issuing authority

Revision ID: 0011
Revises: 0010

R-CERT-2: each elected member's certificate with a serial that verifies online; R-CERT-3: annulled
and re-issued certificates are kept with their dates.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verification_lookups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_lookups'))
    )
    with op.batch_alter_table('verification_lookups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_lookups_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_lookups_at'), ['at'], unique=False)

    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=12), nullable=False),
    sa.Column('only_new', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='queued', nullable=False),
    sa.Column('documents', sa.Integer(), server_default='0', nullable=False),
    sa.Column('pages_total', sa.Integer(), server_default='0', nullable=False),
    sa.Column('pages_done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('parts', sa.Integer(), server_default='1', nullable=False),
    sa.Column('parts_done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_print_jobs_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_jobs_unit_code'), ['unit_code'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=19), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('ballot_number', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('term_number', sa.Integer(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('issuing_authority', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='current', nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('ended_reason', sa.Text(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['committee_elections.id'], name=op.f('fk_certificates_election_id_committee_elections')),
    sa.ForeignKeyConstraint(['replaces_id'], ['certificates.id'], name=op.f('fk_certificates_replaces_id_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_election_id'), ['election_id'], unique=False)

    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuing_authority', sa.String(length=100), nullable=True))



def downgrade():
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.drop_column('issuing_authority')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_election_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_jobs_unit_code'))

    op.drop_table('print_jobs')
    with op.batch_alter_table('verification_lookups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_lookups_at'))
        batch_op.drop_index(batch_op.f('ix_verification_lookups_address'))

    op.drop_table('verification_lookups')
