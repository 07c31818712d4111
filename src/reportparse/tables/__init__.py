"""The standard tables: found on the page (grid.py) or in a text dump (text.py), then keyed (assign.py)."""
