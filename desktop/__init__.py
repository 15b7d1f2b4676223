"""Scorebook (评审记分册): offline scoring for quality-award review panels."""

__version__ = "0.1.0"
