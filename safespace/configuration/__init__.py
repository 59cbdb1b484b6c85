"""The administrator's configuration pages: people, networks, directorates, themes."""
