"""papers, recognition decisions, certificates and producers' self-assessments

The council's parent authority and a session's start time live in side
tables, so no existing table changes.  `down_revision` is "0002" on the
branch that wrote it; the lead re-chains it after 0003/0004 at merge.

Revision ID: 0005
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('council_paper_details',
    sa.Column('council_id', sa.String(length=60), nullable=False),
    sa.Column('parent_authority', sa.String(length=300), nullable=False),
    sa.Column('place_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('council_id')
    )
    op.create_table('session_paper_details',
    sa.Column('session_id', sa.String(length=60), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id')
    )
    op.create_table('papers',
    sa.Column('session_id', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'kind')
    )
    op.create_table('recognitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=60), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('authority', sa.String(length=300), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('decision_number'),
    sa.UniqueConstraint('session_id')
    )
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('recognition_id', sa.Integer(), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('product_name', sa.String(length=300), nullable=False),
    sa.Column('producer_name', sa.String(length=300), nullable=False),
    sa.Column('producer_kind', sa.String(length=8), nullable=False),
    sa.Column('commune', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=200), nullable=False),
    sa.Column('group_id', sa.String(length=60), nullable=False),
    sa.Column('star', sa.Integer(), nullable=False),
    sa.Column('mean', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('issued', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recognition_id'], ['recognitions.id'], ),
    sa.ForeignKeyConstraint(['superseded_by'], ['certificates.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_index('ix_certificates_product_code', 'certificates', ['product_code'], unique=False)
    op.create_table('self_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('criteria_set_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('product_code', 'criteria_set_hash', name='uq_self_assessment_product_set')
    )
    op.create_table('self_assessment_choices',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=40), nullable=False),
    sa.Column('option_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['self_assessments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'criterion_id')
    )


def downgrade() -> None:
    op.drop_table('self_assessment_choices')
    op.drop_table('self_assessments')
    op.drop_index('ix_certificates_product_code', table_name='certificates')
    op.drop_table('certificates')
    op.drop_table('recognitions')
    op.drop_table('papers')
    op.drop_table('session_paper_details')
    op.drop_table('council_paper_details')
