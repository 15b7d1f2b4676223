"""The field reviewer\x27s and team leader\x27s windows."""
