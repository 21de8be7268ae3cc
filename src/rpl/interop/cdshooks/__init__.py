"""CDS Hooks 2.0: the services' logic (cards from the assessment) and the client-JWT check."""
