"""The desktop window: widgets, pyqtgraph items and the training worker (PySide6)."""
