import pytest
from django.core import mail

from portal import services
from portal.models import Notification
from portal.tasks import task_deliver_notification, task_send_pending_notifications
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def notify_accepted(membership):
    return services.notify(
        recipient=membership.user,
        reason="membership_accepted",
        target=membership,
        template="membership_accepted",
        context={"organisation": membership.organisation},
        url_name="organisation_detail",
        url_args=[membership.organisation.slug],
    )


def test_notifying_twice_sends_once(django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=UserFactory(preferred_language="pt"))
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_accepted(membership)
        second = notify_accepted(membership)
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    # A duplicated delivery task finds the row claimed and sends nothing.
    task_deliver_notification.delay(first.pk)
    task_send_pending_notifications()
    assert len(mail.outbox) == 1


def test_email_is_rendered_in_recipients_language(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="es")
    organisation = OrganisationFactory(name="Casa del Migrante")
    membership = MembershipFactory(user=user, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_accepted(membership)
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "Casa del Migrante" in message.subject
    assert "miembro" in message.subject.lower()
    assert notification.language == "es"
    assert f"/es/organisations/{organisation.slug}/" in message.body


def test_failed_delivery_releases_the_claim_for_a_retry(monkeypatch):
    membership = MembershipFactory()
    notification = Notification.objects.create(
        recipient=membership.user,
        reason="test",
        content_type_id=notify_accepted(membership).content_type_id,
        object_id="x",
        language="en",
        subject="s",
        body="b",
    )

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("django.core.mail.send_mail", broken)
    with pytest.raises(ConnectionError):
        services.notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert "SMTP down" in notification.last_error
    monkeypatch.undo()
    assert services.notification_deliver(notification_id=notification.pk)
    assert services.notification_deliver(notification_id=notification.pk) is False


def test_broker_down_keeps_notification_pending(monkeypatch, django_capture_on_commit_callbacks):
    def no_broker(*args, **kwargs):
        raise OSError("broker unreachable")

    monkeypatch.setattr(task_deliver_notification, "delay", no_broker)
    membership = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_accepted(membership)
    assert not mail.outbox
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=2020)
    )
    assert task_send_pending_notifications() == 1
    assert len(mail.outbox) == 1


def test_plain_text_emails_are_not_html_escaped(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="L'Union des Femmes & Migrants")
    membership = MembershipFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        notify_accepted(membership)
    (message,) = mail.outbox
    assert "L'Union des Femmes & Migrants" in message.subject
    assert "&amp;" not in message.body and "&#x27;" not in message.body
