"""Pressmap's engine: from news articles to dated, sourced, placed events."""

__version__ = "0.1.0"
