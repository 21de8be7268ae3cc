"""The rule registry and the rules, one module per assessment step."""
