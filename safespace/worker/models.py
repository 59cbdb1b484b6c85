from django.db import models


class ScheduledRun(models.Model):
    """One scheduled job queued for one period: the guard that makes "once a day" survive a
    restart, a second worker, or a worker that was down when the hour came."""

    job = models.CharField(max_length=64)
    # The period the run is for, in Europe/London: "2026-12-04" (daily) or "2026-12-04T07" (hourly).
    period = models.CharField(max_length=16)
    queued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once"),
        ]
        indexes = [models.Index(fields=["job", "-queued_at"], name="scheduled_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} for {self.period}"
