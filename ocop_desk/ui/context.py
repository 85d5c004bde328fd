"""What every screen shares: the open store, the change bus, read-only mode, preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ocop_desk.ui.operations import ChangeBus
from ocop_desk.ui.preferences import Preferences

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store


@dataclass
class AppContext:
    store: "Store"
    bus: ChangeBus
    read_only: bool = False
    prefs: Preferences = field(default_factory=Preferences)
    # set by the main window: go to a screen by key, with optional arguments
    navigate: Callable[..., None] = lambda key, **kw: None
    status: Callable[[str], None] = lambda text: None
