"""Roles are compared in one place: safespace/policy.py (and safespace/accounts, which defines them).

A view or a service that filters by role, compares a role or keeps a list of roles has written
an access rule the policy cannot see, and the two drift apart. This reads the code (ast, not
imports) and fails on any such check elsewhere, naming the file and line. Code that needs a
role for something that is not access (whom to email, the champion pool) asks a named function
of safespace/accounts/roles.py or of the policy instead.

Development tooling (safespace/dev: the demo data, seeding and the bench) is left out: it
creates roles.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "safespace"
ALLOWED = {ROOT / "policy.py"}
ALLOWED_DIRS = {"tests", "migrations"}
ALLOWED_PACKAGES = {ROOT / "accounts", ROOT / "dev"}

# Query methods whose keyword arguments are field look-ups.
QUERIES = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q"}
# Query methods that name the fields to read or order by.
FIELDS = {"values", "values_list", "order_by", "only", "F"}


def checked_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED or ALLOWED_DIRS & set(path.relative_to(ROOT).parts[:-1]):
            continue
        if any(package in path.parents for package in ALLOWED_PACKAGES):
            continue
        yield path


def _is_role(node: ast.AST) -> bool:
    """`Role.LEAD` or `Role.LEAD.value`."""
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr.isupper()
    )


def _holds_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role(element) for element in node.elts)
    return _is_role(node)


def _is_role_field(name: str) -> bool:
    """A look-up on a role field: role, role__in, memberships__role, memberships__role__in."""
    parts = name.split("__")
    return "role" in parts


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return ""


def role_checks(source: str) -> Iterator[tuple[int, str]]:
    """Each role comparison, role list or look-up by role in the source: (line, what)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_holds_role(operand) for operand in operands):
                yield node.lineno, "compares a role"
            elif any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands):
                yield node.lineno, "compares someone's role"
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and _holds_role(node):
            yield node.lineno, "lists roles"
        elif isinstance(node, ast.Dict) and any(k is not None and _is_role(k) for k in node.keys):
            yield node.lineno, "keys a table by role"
        elif isinstance(node, ast.Call):
            called = _called(node)
            for keyword in node.keywords:
                name = keyword.arg or ""
                if ("__role" in name or called in QUERIES) and _is_role_field(name):
                    yield node.lineno, f"looks up by role ({name}=)"
            if called in FIELDS:
                for argument in node.args:
                    field = argument.value if isinstance(argument, ast.Constant) else None
                    if isinstance(field, str) and _is_role_field(field.lstrip("-")):
                        yield node.lineno, f"reads the role field ({field!r})"


def test_no_role_is_compared_outside_the_policy() -> None:
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}: {what}"
        for path in checked_files()
        for line, what in role_checks(path.read_text())
    ]
    assert not found, "Ask safespace/policy.py or safespace/accounts/roles.py instead:\n" + (
        "\n".join(found)
    )


def test_the_walk_reads_the_apps_and_leaves_out_tooling() -> None:
    walked = {path.relative_to(ROOT).as_posix() for path in checked_files()}
    assert {"cases/views.py", "insights/views.py", "actions/chasing.py"} <= walked
    assert not {p for p in walked if p.startswith(("accounts/", "dev/")) or "/tests/" in p}
    assert "policy.py" not in walked


@pytest.mark.parametrize(
    "code",
    [
        "Membership.objects.filter(user=user, role=Role.LEAD)",
        "Membership.objects.filter(user=user, role=wanted)",
        "User.objects.filter(memberships__role=Role.CHAMPION)",
        "User.objects.exclude(memberships__role__in=roles)",
        "Q(user__memberships__role='lead')",
        "Membership.objects.filter(user=user).values_list('role', 'network_id')",
        "Network.objects.order_by('memberships__role')",
        "allowed = Role.CHAMPION in roles",
        "lead = membership.role == 'lead'",
        "if role != Role.DIRECTOR.value: pass",
        "ok = role in (Role.CHAMPION, Role.LEAD)",
        "ESCALATE_TO = [Role.DIRECTOR, Role.LEAD]",
        "SHARED = {Role.MANAGER: 'share_with_manager'}",
    ],
)
def test_each_kind_of_role_check_is_found(code: str) -> None:
    assert list(role_checks(code)), code


@pytest.mark.parametrize(
    "code",
    [
        "audit_case(user, 'case.read', case, role=RAISER)",
        "record(actor_code='', actor_role=Role.LEAD.value, action='report.write')",
        "_audit(actor, Role.LEAD, 'terms.publish', 'terms', code)",
        "Seen('Your champion', 'sees', 'never', Role.CHAMPION)",
        "events.filter(actor_role=RAISER, action='case.read')",
        "roles.lead_champions(network).values_list('email', flat=True)",
    ],
)
def test_naming_the_role_one_acts_in_is_not_a_check(code: str) -> None:
    assert not list(role_checks(code)), code
