"""People, the staff networks they belong to and the roles they hold in each."""
