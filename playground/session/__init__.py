"""The one owner of the live state between the engine and the window (no Qt): edits, stop rules, frames."""
