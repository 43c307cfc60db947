"""Outside channels a reminder can go out by. Email ships; an SMS or 浙政钉 channel would implement
``Channel`` and register itself — with a preference column and a test that it really delivers."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    message_id: str  # the same on every attempt of one delivery, so a receiver can drop a repeat


class Channel:
    key = ""

    def address(self, user) -> str:
        """Where this user is reached on this channel; empty when they cannot be."""
        raise NotImplementedError

    def send(self, message: Message) -> None:
        """Deliver one message or raise; called once per attempt, never inside a database transaction."""
        raise NotImplementedError


class EmailChannel(Channel):
    key = "email"

    def __init__(self) -> None:
        self._connection = None

    def address(self, user) -> str:
        return (user.email or "").strip()

    def send(self, message: Message) -> None:
        if self._connection is None:
            self._connection = get_connection(fail_silently=False)
        email = EmailMessage(subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
                             to=[message.to], headers={"Message-ID": message.message_id},
                             connection=self._connection)
        email.send(fail_silently=False)


CHANNELS: dict[str, type[Channel]] = {EmailChannel.key: EmailChannel}


def channel(key: str) -> Channel:
    return CHANNELS[key]()
