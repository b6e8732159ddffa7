"""leaner variant storage: two fewer indexes, stock and extra prices without rowid on SQLite

An import writes about three rows per variant, and every index entry of those rows costs time and
space. `ix_variants_product` repeated what `uq_variants_product_id_source_key` already gives (the
variants of a product), and `ix_inventory_levels_warehouse` served no query: stock is always
read by variant. On SQLite, `inventory_levels` and `variant_prices` are stored in the order of
their primary key (`WITHOUT ROWID`), which drops a second B-tree per row.

Without `ix_inventory_levels_warehouse`, deleting a warehouse (directly, or with its account)
scans `inventory_levels` for the rows its foreign key cascades to. The kit never deletes a
warehouse; an operator who does so on a large store should expect one table scan per warehouse.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 22:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CLUSTERED_TABLES = ("inventory_levels", "variant_prices")


def upgrade() -> None:
    op.drop_index("ix_variants_product", table_name="variants")
    op.drop_index("ix_inventory_levels_warehouse", table_name="inventory_levels")
    _rebuild_on_sqlite(with_rowid=False)


def downgrade() -> None:
    _rebuild_on_sqlite(with_rowid=True)
    op.create_index("ix_inventory_levels_warehouse", "inventory_levels", ["warehouse_id"], unique=False)
    op.create_index("ix_variants_product", "variants", ["product_id", "position"], unique=False)


def _rebuild_on_sqlite(*, with_rowid: bool) -> None:
    # SQLite cannot change this property in place, so the table is copied into a new one.
    # PostgreSQL has no such option and keeps its tables as they are.
    if op.get_bind().dialect.name != "sqlite":
        return

    for table in _CLUSTERED_TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}):
            pass
