"""anonymous signals, their weekly roll-up and unclassified messages (issue 20)

Revision ID: c3519na120aa
Revises: b2h0me19u5er
Create Date: 2026-12-07 07:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3519na120aa'
down_revision = 'b2h0me19u5er'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signal_count',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('need', sa.String(length=64), nullable=False),
    sa.Column('crisis', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('asked_person', sa.Boolean(), nullable=False),
    sa.Column('local_referral_found', sa.Boolean(), nullable=False),
    sa.Column('asked_back', sa.Boolean(), nullable=False),
    sa.Column('out_of_scope', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'municipality_code', 'need', 'crisis', 'channel', 'asked_person',
                            'local_referral_found', 'asked_back', 'out_of_scope', 'demo', name=op.f('pk_signal_count'))
    )
    op.create_table('signal_week',
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('need', sa.String(length=64), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('crisis', sa.Integer(), nullable=False),
    sa.Column('asked_person', sa.Integer(), nullable=False),
    sa.Column('asked_back', sa.Integer(), nullable=False),
    sa.Column('out_of_scope', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('municipality_code', 'week', 'channel', 'need', 'demo', name=op.f('pk_signal_week'))
    )

    op.create_table('unclassified_message',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=12), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unclassified_message'))
    )
    with op.batch_alter_table('unclassified_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unclassified_message_day'), ['day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unclassified_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unclassified_message_day'))

    op.drop_table('unclassified_message')
    op.drop_table('signal_week')
    op.drop_table('signal_count')
