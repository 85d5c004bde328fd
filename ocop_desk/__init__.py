"""ocop-desk: scoring OCOP products offline, for evaluation councils."""

__version__ = "0.1.0"
