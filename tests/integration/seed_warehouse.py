"""Kept for modules that import the shared refresh helpers from here (tests/refreshing.py)."""

from refreshing import Published, published_seed, refresh_into, settings_in

__all__ = ["Published", "published_seed", "refresh_into", "settings_in"]
