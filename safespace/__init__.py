"""Safe Space: a confidential route for staff to be heard and see action taken."""
