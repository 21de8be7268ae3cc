"""The presenter: each outlet's view of an assessment, in the reader's language."""
