from django.urls import path

from safespace.champions import views

app_name = "champions"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("coverage/", views.coverage, name="coverage"),
    path("workload/", views.workload, name="workload"),
    path("terms/", views.terms, name="terms"),
    path("terms/new/", views.publish_terms, name="publish_terms"),
    path("become-a-champion/", views.apply, name="apply"),
    path("become-a-champion/thank-you/", views.applied, name="applied"),
    path("applications/", views.pipeline, name="pipeline"),
    path("applications/<uuid:code>/", views.application, name="application"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<uuid:code>/", views.review, name="review"),
    path("wellbeing/", views.wellbeing, name="wellbeing"),
    path("<uuid:code>/", views.champion, name="champion"),
    path("<uuid:code>/training/", views.training, name="training"),
]
