"""Actions that senior managers own, from the action plans agreed at meetings."""
