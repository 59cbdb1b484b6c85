"""The data protection officer's pages: a person's named concerns found, exported and erased."""
