"""The staff home page: what each person may do, the meetings they are invited to, and the
concerns they raised under their own name. It reads the parts below it and owns nothing."""
