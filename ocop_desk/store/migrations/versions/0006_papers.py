"""the hour a session's meeting ended, for the minutes' closing line

0005 holds the parent authority, the paper numbers and the start time; the
minutes also say when the meeting ended ("Cuộc họp kết thúc vào hồi 11 giờ
30 cùng ngày").  One nullable column, so every existing store upgrades in
place and old rows print as before.

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('session_paper_details') as batch:
        batch.add_column(sa.Column('end_time', sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('session_paper_details') as batch:
        batch.drop_column('end_time')
