"""Descriptions and translations of the demo catalog.

Most descriptions are tidy HTML. A few are deliberately messy, as pasted by real suppliers:
Microsoft Word markup, chatbot `data-*` attributes, a `<script>`, an `onerror` handler, HTML
entities and emoji. They exist so that the shared `normalize()` step has something to sanitize;
never render them unsanitized.

The translated products have tidy descriptions that sanitizing leaves unchanged, so that their
`source_hash` still matches after normalization. The French translation of the pour-over
dripper was made from an older English description and is therefore outdated on purpose.
"""

from __future__ import annotations

from typing import TypedDict


class TranslationText(TypedDict, total=False):
    """The text of one demo translation; `source_*` name the text it was made from when older."""

    title: str
    description_html: str
    option_names: dict[str, str]
    option_values: dict[str, dict[str, str]]
    source_title: str
    source_description_html: str


_TEE = (
    "<p>A heavyweight everyday tee knitted from GOTS-certified organic cotton.</p>"
    "<ul><li>Regular fit</li><li>Ribbed crew neck</li><li>Pre-shrunk jersey</li></ul>"
)
_LAPTOP = (
    "<p>A 1.29 kg aluminium ultrabook with a 14-inch OLED display and an all-day battery.</p>"
    "<ul><li>Two USB-C ports with charging</li><li>Backlit keyboard</li><li>1080p webcam</li></ul>"
)
_POUR_OVER = (
    "<p>Hand-glazed stoneware dripper for one to two cups. Fits standard size 2 paper filters.</p>"
    "<p>Dishwasher safe.</p>"
)
_POUR_OVER_BEFORE_EDIT = "<p>Hand-glazed stoneware dripper for one to two cups.</p>"
_SKILLET = (
    "<p>A 26 cm cast iron skillet, seasoned with vegetable oil and ready to use.</p>"
    "<p>Works on gas, induction, in the oven and over a campfire.</p>"
)

DESCRIPTIONS: dict[str, str] = {
    "organic-cotton-tee": _TEE,
    "merino-crew-sweater": (
        "<p>Fine-gauge merino crew neck that regulates temperature and resists odour.</p>"
        "<p><strong>Care:</strong> hand wash cold, dry flat.</p>"
    ),
    "rain-shell-jacket": (
        "<p>Two-layer waterproof shell that packs into its own chest pocket.</p>"
        "<ul><li>Taped seams</li><li>Adjustable hood</li><li>Weight: 310 g</li></ul>"
    ),
    "everyday-hoodie": "<p>Brushed-back fleece zip hoodie with a lined hood and kangaroo pockets.</p>",
    # Pasted from Microsoft Word: conditional comments, mso styles, spans and non-breaking spaces.
    "linen-shirt": (
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings>"
        "</xml><![endif]-->"
        '<p class="MsoNormal" style="margin-bottom:0cm;line-height:normal;mso-ansi-language:EN-GB">'
        '<span lang="EN-GB" style="font-family:&quot;Calibri&quot;,sans-serif;mso-fareast-font-family:'
        'Calibri">Garment-washed European linen&nbsp;for a soft, lived-in hand feel.<o:p></o:p></span></p>'
        '<p class="MsoNormal"><b><span lang="EN-GB">Relaxed fit</span></b><span lang="EN-GB"> &#8211; '
        "size down for a closer fit.<o:p></o:p></span></p>"
    ),
    "running-shorts": "<p>Featherweight 5-inch shorts with a built-in brief and a zipped back pocket.</p>",
    "wool-beanie": "<p>Rib-knit beanie in soft lambswool, made in Germany.</p>",
    "canvas-sneakers": (
        "<p>Classic low-tops with an organic canvas upper and a natural rubber sole.</p>"
        "<p>The Wide fit adds 4 mm across the forefoot.</p>"
    ),
    "leather-belt": "<p>Vegetable-tanned full-grain leather with a solid brass buckle.</p>",
    "silk-scarf": (
        "<p>Twill silk scarf, 90&nbsp;&times;&nbsp;90&nbsp;cm, with hand-rolled edges &ndash; "
        "printed in Como, Italy. Caf&eacute; au lait tones.</p>"
    ),
    "dev-board-kit": (
        "<p>Everything needed to start: the board, a pre-flashed microSD card, a 27 W USB-C power "
        "supply, a case with a fan and a micro-HDMI cable.</p>"
        "<p>Choose the board's RAM and the card's storage separately.</p>"
    ),
    "aero-laptop-14": _LAPTOP,
    "usb-c-flash-drive": "<p>Metal-cased flash drive with a USB-C plug and reads of up to 400 MB/s.</p>",
    # Pasted from a chatbot response: data-start/data-end attributes, headings and emoji.
    "wireless-earbuds": (
        '<p data-start="0" data-end="112">🎧 <strong data-start="3" data-end="40">Immersive sound, '
        "all day long</strong> &mdash; Kumo earbuds pair instantly and last up to 30 hours with the "
        'case. ✨</p><h3 data-start="114" data-end="131">Key Features:</h3><ul data-start="132" '
        'data-end="290"><li data-start="132" data-end="180"><p data-start="134" data-end="180">'
        'Active noise cancellation 🔇</p></li><li data-start="181" data-end="230"><p '
        'data-start="183" data-end="230">IPX4 sweat resistance 💦</p></li><li data-start="231" '
        'data-end="290" data-is-last-node=""><p data-start="233" data-end="290" data-is-last-node="">'
        "Wireless charging case ⚡</p></li></ul>"
    ),
    # A supplier template that carries a tracking script.
    "smartwatch": (
        "<p>Heart rate, SpO2 and GPS in a 9 mm aluminium case. Up to 10 days per charge.</p>"
        "<script>window.trackView && window.trackView('KU-FIT');</script>"
        "<p>Water resistant to 5 ATM.</p>"
    ),
    "power-bank": "<p>Slim power bank with 20 W USB-C Power Delivery; charges a phone twice.</p>",
    # Inline styles and a legacy font tag from an old shop theme.
    "usb-c-cable": (
        '<table style="width:100%;border:1px solid #ccc"><tr><td><font color="#333333" face="Arial">'
        "Braided nylon, 60 W charging, USB 2.0 data.</font></td></tr><tr><td>"
        '<span style="color:red;font-size:18px">Lifetime warranty!</span></td></tr></table>'
    ),
    "mechanical-keyboard": (
        "<p>75% low-profile keyboard with hot-swappable switches and Bluetooth for three devices.</p>"
    ),
    # An image whose error handler runs script: an injection attempt that sanitizing must remove.
    "phone-case": (
        "<p>Made from 60% recycled polycarbonate with raised edges around the camera.</p>"
        '<img src="https://cdn.opendrop.example/demo/phone-case/badge.png" onerror="alert(document.cookie)">'
    ),
    "led-desk-lamp": "<p>Flicker-free LED lamp with five brightness levels and a USB-A charging port.</p>",
    "ceramic-pour-over": _POUR_OVER,
    "cast-iron-skillet": _SKILLET,
    "bamboo-cutting-board": "<p>Reversible board of laminated moso bamboo with a juice groove.</p>",
    "glass-storage-jars": "<p>Three borosilicate jars (0.5, 0.8 and 1.2 litres) with airtight bamboo lids.</p>",
    "linen-tea-towels": "<p>Two stonewashed linen towels that dry glasses without lint.</p>",
    "wool-throw-blanket": "<p>Lambswool throw, 130 × 180 cm, woven in Wales.</p>",
    # Entities of every kind, emoji and a curly apostrophe as a numeric reference.
    "scented-candle": (
        "<p>🕯️ Cedar &amp; fig, hand-poured in Berlin &ndash; 45&nbsp;hours of burn time.</p>"
        "<p>Soy wax, cotton wick, no paraffin. It&#8217;s vegan &#x1F331; &amp; cruelty-free.</p>"
        "<p>Notes: c&egrave;dre, figue &amp; vetiver &lt;3</p>"
    ),
    "french-press": "<p>Double-wall stainless steel keeps coffee hot for an hour. Makes 1 litre.</p>",
    "enamel-mug": "<p>Enamelled steel mug for camp and kitchen, 350 ml.</p>",
    "cotton-bath-towel": "<p>600 g/m² organic cotton terry, 70 × 140 cm.</p>",
    "terracotta-plant-pot": "<p>Frost-resistant Italian terracotta with a drainage hole and saucer.</p>",
    "oak-wall-clock": "<p>Solid oak face with a silent sweep movement, 30 cm across.</p>",
    "yoga-mat": "<p>Natural tree rubber with a polyurethane top layer for grip when wet.</p>",
    "steel-water-bottle": "<p>Vacuum-insulated bottle: cold for 24 hours, hot for 12.</p>",
    "resistance-bands": "<p>Five latex-free bands from 5 to 25 kg resistance, with a carry bag.</p>",
    "camping-lantern": (
        "<p>USB-C rechargeable lantern, 500 lumens, with a power-bank output. Sold on backorder while "
        "the next batch ships.</p>"
    ),
    "travel-backpack": "<p>30-litre carry-on backpack with a clamshell opening and a padded laptop sleeve.</p>",
    "wooden-puzzle": "<p>A 120-piece world map puzzle cut from FSC birch plywood. For ages 5 and up.</p>",
    "face-serum": "<p>Lightweight serum with three weights of hyaluronic acid. Fragrance-free.</p>",
}

#: Products whose supplier sends a plain-text description and no HTML.
PLAIN_TEXTS: dict[str, str] = {
    "bamboo-toothbrush": (
        "Four toothbrushes with handles of untreated moso bamboo and plant-based bristles.\n"
        "Compostable handle, recyclable packaging."
    ),
}

_TEE_TRANSLATIONS: dict[str, TranslationText] = {
    "de": {
        "title": "T-Shirt aus Bio-Baumwolle",
        "description_html": (
            "<p>Ein schweres Alltags-T-Shirt aus GOTS-zertifizierter Bio-Baumwolle.</p>"
            "<ul><li>Normale Passform</li><li>Gerippter Rundhalsausschnitt</li>"
            "<li>Vorgewaschener Jersey</li></ul>"
        ),
        "option_names": {"Size": "Größe", "Color": "Farbe"},
        "option_values": {"Color": {"White": "Weiß", "Black": "Schwarz", "Navy": "Marineblau"}},
    },
    "fr": {
        "title": "T-shirt en coton biologique",
        "description_html": (
            "<p>Un t-shirt épais du quotidien, tricoté en coton biologique certifié GOTS.</p>"
            "<ul><li>Coupe standard</li><li>Col rond côtelé</li><li>Jersey prérétréci</li></ul>"
        ),
        "option_names": {"Size": "Taille", "Color": "Couleur"},
        "option_values": {"Color": {"White": "Blanc", "Black": "Noir", "Navy": "Bleu marine"}},
    },
    "ja": {
        "title": "オーガニックコットンTシャツ",
        "description_html": (
            "<p>GOTS認証のオーガニックコットンで編んだ、厚手の定番Tシャツです。</p>"
            "<ul><li>レギュラーフィット</li><li>リブ編みのクルーネック</li><li>防縮加工済みジャージー</li></ul>"
        ),
        "option_names": {"Size": "サイズ", "Color": "カラー"},
        "option_values": {"Color": {"White": "ホワイト", "Black": "ブラック", "Navy": "ネイビー"}},
    },
}

TRANSLATIONS: dict[str, dict[str, TranslationText]] = {
    "organic-cotton-tee": _TEE_TRANSLATIONS,
    "aero-laptop-14": {
        "de": {
            "title": "Aero 14 Ultrabook",
            "description_html": (
                "<p>Ein 1,29 kg leichtes Aluminium-Ultrabook mit 14-Zoll-OLED-Display und einem Akku "
                "für den ganzen Tag.</p><ul><li>Zwei USB-C-Anschlüsse mit Ladefunktion</li>"
                "<li>Beleuchtete Tastatur</li><li>1080p-Webcam</li></ul>"
            ),
            "option_names": {"RAM": "Arbeitsspeicher", "Storage": "Speicher"},
            "option_values": {"Storage": {"1TB": "1 TB"}},
        },
    },
    "ceramic-pour-over": {
        "fr": {
            "title": "Dripper en céramique",
            "description_html": "<p>Dripper en grès émaillé à la main, pour une à deux tasses.</p>",
            "source_description_html": _POUR_OVER_BEFORE_EDIT,
        },
    },
    "cast-iron-skillet": {
        "ja": {
            "title": "シーズニング済み鋳鉄スキレット 26cm",
            "description_html": (
                "<p>植物油でシーズニング済み、すぐに使える26cmの鋳鉄スキレットです。</p>"
                "<p>ガス火、IH、オーブン、焚き火に対応します。</p>"
            ),
        },
    },
}
