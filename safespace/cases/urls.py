from django.urls import path, register_converter

from safespace.cases import views


class CaseworkForm:
    """The casework forms /cases/<code>/<what>/ answers (`work` in views.py), and no other word:
    so it never takes /cases/<code>/close/ or another part's address under the case's."""

    regex = "stage|note|time|themes"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseworkForm, "casework")

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("triage/", views.triage, name="triage"),
    path("<uuid:code>/assign/", views.assign, name="assign"),
    path("<uuid:code>/decline/", views.decline, name="decline"),
    path("<uuid:code>/people/", views.people, name="people"),
    path("<uuid:code>/", views.case_detail, name="detail"),
    path("<uuid:code>/message/", views.send_message, name="message"),
    path("<uuid:code>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:code>/notes/<uuid:note>/", views.edit_note, name="edit_note"),
    path("<uuid:code>/<casework:what>/", views.work, name="work"),
]
