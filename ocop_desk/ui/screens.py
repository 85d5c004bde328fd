"""The application's screens, in navigation order.

Qt-free on purpose: `ocop-desk gui --help` lists the keys for `--screen`
without loading Qt, and the main window, the screenshot tool and the tests
take the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ocop_desk.i18n import _


@dataclass(frozen=True)
class Screen:
    key: str
    module: str
    cls: str
    title: Callable[[], str]


SCREENS: tuple[Screen, ...] = (
    Screen("dossiers", "ocop_desk.ui.dossiers_page", "DossiersPage", lambda: _("Dossiers")),
    Screen("council", "ocop_desk.ui.council_page", "CouncilPage", lambda: _("Council / Session")),
    Screen("scoring", "ocop_desk.ui.scoring_page", "ScoringPage", lambda: _("Scoring")),
    Screen("results", "ocop_desk.ui.results_page", "ResultsPage", lambda: _("Results")),
    Screen("printing", "ocop_desk.ui.printing_page", "PrintingPage", lambda: _("Printing")),
    Screen("certificates", "ocop_desk.ui.certificates_page", "CertificatesPage", lambda: _("Certificates")),
    Screen("bundles", "ocop_desk.ui.bundles_page", "BundlesPage", lambda: _("Signed bundles")),
    Screen("province", "ocop_desk.ui.province_page", "ProvincePage", lambda: _("Province")),
    Screen("commune", "ocop_desk.ui.commune_page", "CommunePage", lambda: _("Commune officer")),
    Screen("criteria", "ocop_desk.ui.criteria_page", "CriteriaPage", lambda: _("Criteria sets")),
    Screen("settings", "ocop_desk.ui.settings_page", "SettingsPage", lambda: _("Settings")),
)


SCREEN_KEYS: tuple[str, ...] = tuple(s.key for s in SCREENS)
