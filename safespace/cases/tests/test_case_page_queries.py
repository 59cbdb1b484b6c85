"""The case page costs a fixed number of queries, however much the case holds: the policy's
answers about one case are read once, and the page's audited reads are appended in one turn."""

from __future__ import annotations

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from safespace.audit.models import AuditEvent
from safespace.cases.services import messages, notes
from safespace.keystore.router import KEYS
from tests.helpers import listening as listening
from tests.helpers import sign_in

# The session, the person, their second factor and roles; the case with its network, the time
# logged, when each kind of attention last happened and whether closings or check-ins exist;
# its assignments; themes, messages, notes, meetings and the history; one append for all the
# audited reads; the session renewed. It was 53 before the policy read a case's champions once
# and the reads were appended together, then 31 before the above were read with the case.
MOST = 15


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def add_casework(case, champion, times: int) -> None:
    for n in range(times):
        notes.add_note(case, champion, f"note {n}", shared_with_raiser=n % 2 == 0)
        messages.send_message(case, f"from them {n}", from_raiser=True, author=None)
        messages.send_message(case, f"to them {n}", from_raiser=False, author=champion)


def test_the_case_page_costs_the_same_few_queries_however_much_the_case_holds(
    client, listening
) -> None:
    champion, case = listening
    url = f"/cases/{case.code}/"
    sign_in(client, champion)
    add_casework(case, champion, 1)
    client.get(url)  # the network's name, read once a while for every page
    few = queries_of(client, url)
    add_casework(case, champion, 6)
    many = queries_of(client, url)
    assert few == many
    assert many <= MOST, f"the case page took {many} queries"
    # Its reads are still each on the audit trail, in the raiser's list.
    reads = AuditEvent.objects.filter(object_code=str(case.code), action__endswith=".read")
    assert {"case.read", "messages.read", "notes.read"} <= set(
        reads.values_list("action", flat=True)
    )


def test_the_case_page_reads_the_case_key_once_however_much_it_opens(client, listening) -> None:
    # Every note and message is sealed under the case's key: the page unwraps that key once,
    # not once for each value it opens (it was 17 reads of the key store for this case).
    champion, case = listening
    url = f"/cases/{case.code}/"
    sign_in(client, champion)
    add_casework(case, champion, 4)
    client.get(url)
    with CaptureQueriesContext(connections[KEYS]) as keys:
        response = client.get(url)
    assert response.status_code == 200
    assert "note 3" in response.content.decode()
    assert "from them 3" in response.content.decode()
    # Whether the case still has its key (a shredded case is gone), and the key itself.
    assert len(keys.captured_queries) == 2
