from urllib.parse import quote

from fastapi.testclient import TestClient


def _products(client: TestClient, **params: object) -> list[dict]:  # type: ignore[type-arg]
    response = client.get("/v1/products", params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_product_has_variants_options_and_money(client: TestClient) -> None:
    hoodie = next(p for p in _products(client) if p["title"] == "Organic Hoodie")

    assert hoodie["options"] == [
        {"name": "Color", "values": ["Red", "Blue"]},
        {"name": "Size", "values": ["M"]},
    ]
    red = hoodie["variants"][0]
    assert red["sku"] == "HOOD-RED-M"
    assert red["options"] == [{"option": "Color", "value": "Red"}, {"option": "Size", "value": "M"}]
    assert red["price"] == {"amount": "49.90", "currency": "EUR"}
    assert red["compare_at_price"] == {"amount": "59.90", "currency": "EUR"}
    assert {
        "price": {"amount": "54.90", "currency": "USD"},
        "compare_at_price": None,
        "min_quantity": 1,
    } in red["prices"]
    assert {
        "price": {"amount": "44.90", "currency": "EUR"},
        "compare_at_price": None,
        "min_quantity": 10,
    } in red["prices"]
    assert red["availability"] == {"tracked": True, "available": 10, "in_stock": True}


def test_zero_decimal_currency_has_no_fraction(client: TestClient) -> None:
    mug = client.get("/v1/skus/MUG-1").json()

    assert mug["price"] == {"amount": "1500", "currency": "JPY"}
    assert mug["availability"] == {"tracked": False, "available": None, "in_stock": True}


def test_description_is_sanitized(client: TestClient) -> None:
    hoodie = _products(client, q="hoodie")[0]

    assert "<script" not in hoodie["description_html"]
    assert "<b>organic</b>" in hoodie["description_html"]
    assert "alert" not in (hoodie["description_text"] or "")


def test_timestamps_are_utc_with_z(client: TestClient) -> None:
    product = _products(client)[0]

    assert product["created_at"].endswith("Z")
    assert product["variants"][0]["updated_at"].endswith("Z")


def test_filters_narrow_the_list(client: TestClient) -> None:
    categories = {c["name"]: c["id"] for c in client.get("/v1/categories").json()["data"]}
    brands = {b["name"]: b["id"] for b in client.get("/v1/brands").json()["data"]}

    assert [p["title"] for p in _products(client, q="HOODIE")] == ["Organic Hoodie"]
    assert [p["title"] for p in _products(client, q="MUG-1")] == ["Enamel Mug"]
    assert [p["title"] for p in _products(client, q="kapuzen")] == ["Organic Hoodie"]
    assert [p["title"] for p in _products(client, sku="HOOD-BLUE-M")] == ["Organic Hoodie"]
    assert [p["title"] for p in _products(client, category=categories["Apparel"])] == ["Organic Hoodie"]
    assert [p["title"] for p in _products(client, brand=brands["Acme"])] == ["Enamel Mug"]
    assert _products(client, updated_since="2999-01-01T00:00:00+02:00") == []


def test_ship_to_and_in_stock_filters(client: TestClient) -> None:
    assert {p["title"] for p in _products(client, ship_to="US")} == {"Organic Hoodie"}
    assert {p["title"] for p in _products(client, ship_to="FR")} == {"Organic Hoodie", "Enamel Mug"}
    assert _products(client, ship_to="JP") == []
    assert {p["title"] for p in _products(client, in_stock="true")} == {"Organic Hoodie", "Enamel Mug"}
    assert _products(client, in_stock="false") == []


def test_unassigned_country_is_rejected(client: TestClient) -> None:
    response = client.get("/v1/products", params={"ship_to": "ZZ"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/query/ship_to"


def test_pagination_walks_with_cursor_and_link(client: TestClient) -> None:
    first = client.get("/v1/products", params={"limit": 1})
    body = first.json()

    assert body["has_more"] is True
    assert 'rel="next"' in first.headers["link"]
    second = client.get("/v1/products", params={"limit": 1, "cursor": body["next_cursor"]}).json()
    assert second["has_more"] is False
    assert second["next_cursor"] is None
    assert second["data"][0]["id"] != body["data"][0]["id"]


def test_cursor_is_bound_to_filters(client: TestClient) -> None:
    cursor = client.get("/v1/products", params={"limit": 1}).json()["next_cursor"]

    response = client.get("/v1/products", params={"limit": 1, "cursor": cursor, "q": "mug"})

    assert response.status_code == 400
    assert response.json()["code"] == "cursor_mismatch"


def test_damaged_cursor_is_400(client: TestClient) -> None:
    response = client.get("/v1/products", params={"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_limit_above_maximum_is_served_as_maximum(client: TestClient) -> None:
    response = client.get("/v1/products", params={"limit": 5000})

    assert response.status_code == 200
    assert len(response.json()["data"]) == 2


def test_list_page_etag_gives_304(client: TestClient) -> None:
    first = client.get("/v1/products")

    assert client.get("/v1/products", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert client.get("/v1/products", headers={"If-None-Match": '"other"'}).status_code == 200


def test_accept_language_selects_translation(client: TestClient) -> None:
    response = client.get("/v1/products", params={"q": "hoodie"}, headers={"Accept-Language": "de-CH, en;q=0.5"})
    hoodie = response.json()["data"][0]

    assert response.headers["content-language"] == "de"
    assert "Accept-Language" in response.headers["vary"]
    assert hoodie["title"] == "Bio-Kapuzenpullover"
    assert hoodie["locale"] == "de"
    assert hoodie["source_locale"] == "en"
    assert hoodie["available_locales"] == ["en", "de"]
    assert hoodie["translation"] == {"locale": "de", "outdated": False}
    assert hoodie["options"][0] == {"name": "Farbe", "values": ["Rot", "Blau"]}
    assert hoodie["variants"][0]["options"][0] == {"option": "Farbe", "value": "Rot"}


def test_unavailable_language_falls_back_to_source(client: TestClient) -> None:
    response = client.get("/v1/products", params={"q": "hoodie"}, headers={"Accept-Language": "ja"})

    assert response.headers["content-language"] == "en"
    assert response.json()["data"][0]["title"] == "Organic Hoodie"


def test_product_and_variant_lookups(client: TestClient) -> None:
    product = _products(client, q="hoodie")[0]
    variant = product["variants"][1]

    assert client.get(f"/v1/products/{product['id']}").json()["id"] == product["id"]
    assert client.get(f"/v1/variants/{variant['id']}").json()["sku"] == "HOOD-BLUE-M"
    assert client.get("/v1/skus/HOOD-BLUE-M").json()["id"] == variant["id"]


def test_sku_lookup_is_exact_and_case_sensitive(client: TestClient) -> None:
    assert client.get("/v1/skus/hood-blue-m").status_code == 404
    assert client.get("/v1/skus/" + quote("HOOD-BLUE-M ")).status_code == 404


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ["/v1/products/prod_missing", "/v1/variants/var_missing", "/v1/skus/NOPE"]:
        response = client.get(path)

        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_categories_have_paths(client: TestClient) -> None:
    categories = {c["name"]: c for c in client.get("/v1/categories").json()["data"]}

    assert categories["Hoodies"]["path"] == ["Apparel", "Hoodies"]
    assert categories["Hoodies"]["parent_id"] == categories["Apparel"]["id"]
    assert categories["Apparel"]["parent_id"] is None
