from django.core import mail

from accounts.notifications import notify_user


def test_attention_mail_goes_out_after_commit_without_names(
    counsellor, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/casussen/42/")
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [counsellor.email]
    assert message.subject == "Zorgwekkend: er vraagt iets je aandacht"
    assert "http://127.0.0.1:8000/casussen/42/" in message.body
    for name in (counsellor.first_name, counsellor.last_name, reporter.last_name):
        assert name not in message.body
        assert name not in message.alternatives[0][0]


def test_attention_mail_follows_the_recipients_language(
    counsellor, django_capture_on_commit_callbacks
):
    counsellor.language = "en"
    counsellor.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/")
    assert mail.outbox[0].subject == "Zorgwekkend: something needs your attention"


def test_no_mail_to_a_deactivated_person(counsellor, django_capture_on_commit_callbacks):
    counsellor.is_active = False
    counsellor.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(counsellor, path="/")
    assert mail.outbox == []
