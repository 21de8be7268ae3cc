"""The RPL Care web site: a public, patient-facing site and the clinic's staff side (Django)."""
