"""Command line: thin shells that parse input, call rpl.core and render."""
