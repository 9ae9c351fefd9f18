"""The render layer (see docs/architecture.md)."""
