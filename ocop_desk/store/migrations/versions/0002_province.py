"""bundles: envelopes received, merged results, merge conflicts

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('envelopes_received',
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('admin_unit', sa.String(length=16), nullable=False),
    sa.Column('council_id', sa.String(length=60), nullable=False),
    sa.Column('signer_key_id', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.String(length=20), nullable=False),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('superseded_by', sa.String(length=36), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('envelope_id')
    )
    op.create_index('ix_envelopes_council_subject', 'envelopes_received', ['council_id', 'subject'], unique=False)
    op.create_table('merged_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('council_id', sa.String(length=60), nullable=False),
    sa.Column('admin_unit', sa.String(length=16), nullable=False),
    sa.Column('session_id', sa.String(length=60), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('product_name', sa.String(length=300), nullable=False),
    sa.Column('producer_name', sa.String(length=300), nullable=False),
    sa.Column('producer_kind', sa.String(length=8), nullable=False),
    sa.Column('commune', sa.String(length=200), nullable=False),
    sa.Column('group_id', sa.String(length=60), nullable=False),
    sa.Column('criteria_set_id', sa.String(length=120), nullable=False),
    sa.Column('profile_id', sa.String(length=60), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('criteria_set_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mean', sa.String(length=20), nullable=True),
    sa.Column('star', sa.Integer(), nullable=True),
    sa.Column('scorecards', sa.Integer(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes_received.envelope_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_merged_current_code', 'merged_results', ['current', 'product_code'], unique=False)
    op.create_index('ix_merged_council_session', 'merged_results', ['council_id', 'session_id'], unique=False)
    op.create_table('merge_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('council_id', sa.String(length=60), nullable=False),
    sa.Column('other_council_id', sa.String(length=60), nullable=True),
    sa.Column('envelope_id', sa.String(length=36), nullable=False),
    sa.Column('criteria_set_hash', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes_received.envelope_id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('merge_conflicts')
    op.drop_index('ix_merged_council_session', table_name='merged_results')
    op.drop_index('ix_merged_current_code', table_name='merged_results')
    op.drop_table('merged_results')
    op.drop_index('ix_envelopes_council_subject', table_name='envelopes_received')
    op.drop_table('envelopes_received')
