"""CLI command groups, one module per area.

Each module defines `register(subparsers) -> None` and imports nothing heavy
at module level (the CLI must start in well under a second); handlers import
their services when they run.  `ocop_desk.cli` discovers the modules here.
"""
