"""What happens to a case, one job to a module; each change is one transaction with its audit
event, and each read of sealed content (reads.py) is audited."""
