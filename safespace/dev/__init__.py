"""Development tooling, never installed in production: the fictional demo, the scale seeding
and the bench's own page.

Settings add this app only outside production, so its commands (`seed_demo`, `demo_code`,
`demo_sign_ins`, `seed_scale`) and `/bench/` do not exist on a live installation. It sits above
every other part: it may import any of them, and nothing in the product imports it.
"""
