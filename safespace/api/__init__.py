"""The API for the organisation's systems: /api/v1/, described by its OpenAPI document."""
