"""Thin views, one module per phase: the object through an access helper, one service or
selector, render."""
