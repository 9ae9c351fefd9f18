"""The data layer (see docs/architecture.md)."""
