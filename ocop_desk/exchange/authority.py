"""What the receiving store knows about who may speak for what, handed to `bundles.verify.authorise`.

`authorise` takes these facts as plain callables so the format stays a leaf; these read them
from the store: the admin-unit hierarchy and the member keys registered with each council.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from ocop_desk.bundles.verify import registered_key_ids
from ocop_desk.store.engine import Store
from ocop_desk.store.models import AdminUnit, Member


def unit_ancestors(store: Store) -> Callable[[str], list[str]]:
    """The admin units above a unit, as this store's admin-unit table knows them."""

    def ancestors(code: str) -> list[str]:
        out: list[str] = []
        with store.read() as s:
            row = s.get(AdminUnit, code)
            while row is not None and row.parent_code and row.parent_code not in out and len(out) < 8:
                out.append(row.parent_code)
                row = s.get(AdminUnit, row.parent_code)
        return out

    return ancestors


def member_keys(store: Store) -> Callable[[str, str], set[str]]:
    """(council, member) -> the key ids registered for that member of that council in this store."""

    def keys(council: str, code: str) -> set[str]:
        with store.read() as s:
            return registered_key_ids(s.scalar(select(Member.public_key).where(Member.council_id == council,
                                                                                Member.code == code)))

    return keys
