from django.test import RequestFactory
from django.views.defaults import server_error


def test_unknown_page_is_a_friendly_404(client, counsellor):
    client.force_login(counsellor)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Deze pagina bestaat niet" in content
    assert 'href="/"' in content


def test_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "Er is niets half opgeslagen" in response.content.decode()


def test_expired_form_gets_a_friendly_page(counsellor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor)
    response = client.post("/account/taal/", {"language": "en"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


def test_a_form_only_address_opened_directly_gets_a_page_not_an_empty_405(client, counsellor):
    client.force_login(counsellor)
    for url in ("/account/taal/", "/account/berichten/alles-gelezen/"):
        response = client.get(url)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert "Dit adres werkt alleen via een knop" in response.text
        assert "Er is niets veranderd" in response.text
    client.logout()
    response = client.get("/account/taal/")
    assert response.status_code == 405 and "alleen via een knop" in response.text
