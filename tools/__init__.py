"""Developer tools (not shipped): `python -m tools.i18n`."""
