"""The demo `make run` loads: a fictional organisation, its people and eight fictional concerns.

Everyone and everything here is invented. The accounts share a published password and
two-factor secret, so they are marked as demo accounts, production refuses them, and
`seed_demo` will not run there.
"""
