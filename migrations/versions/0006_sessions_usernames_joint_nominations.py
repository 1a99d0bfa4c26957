"""Session versions on accounts, user names unique without regard to case, one record per joint
nomination sheet

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    op.create_index('uq_users_username_folded', 'users', [sa.text('lower(username)')], unique=True)
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_nominations_fingerprint'), ['fingerprint'])


def downgrade():
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_nominations_fingerprint'), type_='unique')
        batch_op.drop_column('fingerprint')
    op.drop_index('uq_users_username_folded', table_name='users')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
