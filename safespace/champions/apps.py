from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "safespace.champions"
    label = "champions"
    verbose_name = "Champions"

    def ready(self) -> None:
        """Assigning a case checks champions' terms, kept here, above cases."""
        from safespace.cases import assignment
        from safespace.champions.terms import accepted_current_terms

        assignment.use_terms_check(accepted_current_terms)
