from projects import services

from ..factories import member_of


def test_submitting_emails_an_acknowledgement_to_the_company(
    draft, referent, member, company, other_company, mailoutbox, django_capture_on_commit_callbacks
):
    member_of(other_company, user__email="outsider@other.example")

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_submission(submission=draft, by=referent, version=draft.version)

    assert sorted(message.to[0] for message in mailoutbox) == [member.email, referent.email]
    receipt = mailoutbox[0]
    assert receipt.subject == "Candidature déposée à l'appel « Appel IA santé »"
    assert "« Notre projet »" in receipt.body
    assert f"/candidatures/{draft.pk}/" in receipt.body
