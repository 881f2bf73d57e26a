"""Shift scheduling for community epidemic-prevention volunteers: roster in, schedule out."""

__version__ = "0.1.0"
