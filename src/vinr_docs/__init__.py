"""Tooling behind the VINR API reference: markdown extensions and sample verification."""
