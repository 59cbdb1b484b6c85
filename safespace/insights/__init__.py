"""Reports for people without case access: aggregate and disclosure-controlled."""
