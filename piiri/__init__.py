"""Piiri: real-time hybrid workshop facilitation."""

from __future__ import annotations

__version__ = "0.1.0"
