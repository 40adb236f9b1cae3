"""Reads only: page data, figures, round results. Never imports services or documents."""
