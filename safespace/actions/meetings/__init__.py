"""A case's meetings and action plan: the champion's pages under the case's address."""
